import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { mul } from './mul.js';

/** `|x|`: the gradient is `gradOutput * sign(x)`, which is 0 at `x = 0` as in PyTorch. */
class AbsFunction extends Function {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    const output = kernels.abs(x);

    ctx.saveForBackward(x);

    return output;
  }

  static override backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
    const [x] = ctx.savedTensors as [Tensor];

    return mul(gradOutput, kernels.sign(x));
  }
}

/**
 * Computes the absolute value of every element. The gradient at 0 is 0.
 *
 * @param x - Tensor or value of any shape.
 * @returns A new tensor of the same shape.
 * @example
 * ```ts
 * import { abs, tensor } from 'fusegrad';
 *
 * console.log(abs(tensor([-2, 3])).toArray()); // [ 2, 3 ]
 * ```
 */
export function abs(x: TensorLike): Tensor {
  return AbsFunction.apply(asTensor(x));
}
