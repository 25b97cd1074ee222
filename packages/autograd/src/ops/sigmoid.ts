import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { releaseTemporaries } from '../gradient-shapes.js';
import { mul } from './mul.js';
import { sub } from './sub.js';

/** `1 / (1 + exp(-x))`: the gradient is `gradOutput * output * (1 - output)`, from the saved output. */
class SigmoidFunction extends Function {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    const output = kernels.sigmoid(x);

    ctx.saveForBackward(output);

    return output;
  }

  static override backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
    const [output] = ctx.savedTensors as [Tensor];

    const complement = sub(1, output);
    const derivative = mul(output, complement);
    releaseTemporaries(complement);
    const gradX = mul(gradOutput, derivative);
    releaseTemporaries(derivative);

    return gradX;
  }
}

/**
 * Applies the logistic sigmoid `1 / (1 + exp(-x))` to every element.
 *
 * @param x - Tensor or value of any shape.
 * @returns A new tensor of the same shape, with values in [0, 1].
 * @example
 * ```ts
 * import { sigmoid, tensor } from 'fusegrad';
 *
 * console.log(sigmoid(tensor([0])).toArray()); // [ 0.5 ]
 * ```
 */
export function sigmoid(x: TensorLike): Tensor {
  return SigmoidFunction.apply(asTensor(x));
}
