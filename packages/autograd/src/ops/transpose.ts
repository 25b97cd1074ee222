import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';

/** Swap of the last two axes: the gradient is `gradOutput` swapped back. */
class TransposeFunction extends Function {
  static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
    return kernels.transpose(x);
  }

  static override backward(_ctx: FunctionCtx, gradOutput: Tensor): Tensor {
    return transpose(gradOutput);
  }
}

/**
 * Swaps the last two axes, so `[..., n, m]` becomes `[..., m, n]`.
 *
 * @param x - Tensor or value of rank at least 2.
 * @returns A new tensor with the last two dimensions swapped.
 * @throws Error when `x` has rank below 2.
 * @example
 * ```ts
 * import { tensor, transpose } from 'fusegrad';
 *
 * console.log(transpose(tensor([[1, 2, 3]])).toArray()); // [ [ 1 ], [ 2 ], [ 3 ] ]
 * ```
 */
export function transpose(x: TensorLike): Tensor {
  return TransposeFunction.apply(asTensor(x));
}
