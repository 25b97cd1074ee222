import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';

/** `-x`: the gradient is `-gradOutput`. */
class NegFunction extends Function {
  static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
    return kernels.neg(x);
  }

  static override backward(_ctx: FunctionCtx, gradOutput: Tensor): Tensor {
    return neg(gradOutput);
  }
}

/**
 * Negates every element.
 *
 * @param x - Tensor or value of any shape.
 * @returns A new tensor of the same shape.
 * @example
 * ```ts
 * import { neg, tensor } from 'fusegrad';
 *
 * console.log(neg(tensor([1, -2])).toArray()); // [ -1, 2 ]
 * ```
 */
export function neg(x: TensorLike): Tensor {
  return NegFunction.apply(asTensor(x));
}
