import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor, scalar } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { mul } from './mul.js';

/** `max(x, 0)`: the gradient passes where the output is positive and is 0 elsewhere, including at 0. */
class ReluFunction extends Function {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    const output = kernels.relu(x);

    ctx.saveForBackward(output);

    return output;
  }

  static override backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
    const [output] = ctx.savedTensors as [Tensor];

    return mul(gradOutput, kernels.greater(output, scalar(0, output.dtype)));
  }
}

/**
 * Applies the rectified linear unit `max(x, 0)` to every element. The gradient at 0 is 0.
 *
 * @param x - Tensor or value of any shape.
 * @returns A new tensor of the same shape.
 * @example
 * ```ts
 * import { relu, tensor } from 'fusegrad';
 *
 * console.log(relu(tensor([-1, 2])).toArray()); // [ 0, 2 ]
 * ```
 */
export function relu(x: TensorLike): Tensor {
  return ReluFunction.apply(asTensor(x));
}
