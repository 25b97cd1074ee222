import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { mul } from './mul.js';

/** `exp(x)`: the gradient is `gradOutput * output`, so backward keeps the output, not the input. */
class ExpFunction extends Function {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    const output = kernels.exp(x);

    ctx.saveForBackward(output);

    return output;
  }

  static override backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
    const [output] = ctx.savedTensors as [Tensor];

    return mul(gradOutput, output);
  }
}

/**
 * Computes the natural exponential of every element.
 *
 * @param x - Tensor or value of any shape.
 * @returns A new tensor of the same shape; `exp(-Infinity)` is 0.
 * @example
 * ```ts
 * import { exp, tensor } from 'fusegrad';
 *
 * console.log(exp(tensor([0, -Infinity])).toArray()); // [ 1, 0 ]
 * ```
 */
export function exp(x: TensorLike): Tensor {
  return ExpFunction.apply(asTensor(x));
}
