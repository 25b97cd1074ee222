import type { Tensor, TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { copyTensor } from '../tensor-utils.js';

/** A copy of `x` that stays in the graph: the gradient passes through unchanged. */
class CloneFunction extends Function {
  static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
    return copyTensor(x);
  }

  static override backward(_ctx: FunctionCtx, gradOutput: Tensor): Tensor {
    return gradOutput;
  }
}

/**
 * Copies a tensor into fresh storage, keeping it in the graph (unlike `detach`), like
 * `torch.clone`.
 *
 * @param x - Tensor or value of any shape.
 * @returns A new tensor with the same shape, dtype and values.
 * @example
 * ```ts
 * import { clone, tensor } from 'fusegrad';
 *
 * const x = tensor([1, 2], { requiresGrad: true });
 * console.log(clone(x).requiresGrad); // true
 * ```
 */
export function clone(x: TensorLike): Tensor {
  return CloneFunction.apply(asTensor(x));
}
