import { kernels, type Tensor, type TensorLike, zeros } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';

/** `sign(x)`: piecewise constant, so the gradient is 0 everywhere (PyTorch's convention at 0). */
class SignFunction extends Function {
  static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
    return kernels.sign(x);
  }

  static override backward(_ctx: FunctionCtx, gradOutput: Tensor): Tensor {
    return zeros(gradOutput.shape, { dtype: gradOutput.dtype });
  }
}

/**
 * Returns -1, 0 or 1 for each element according to its sign. Its gradient is 0 everywhere.
 *
 * @param x - Tensor or value of any shape.
 * @returns A new tensor of the same shape.
 * @example
 * ```ts
 * import { sign, tensor } from 'fusegrad';
 *
 * console.log(sign(tensor([-2, 0, 3])).toArray()); // [ -1, 0, 1 ]
 * ```
 */
export function sign(x: TensorLike): Tensor {
  return SignFunction.apply(asTensor(x));
}
