import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { releaseTemporaries } from '../gradient-shapes.js';
import { mul } from './mul.js';
import { sub } from './sub.js';

/** `tanh(x)`: the gradient is `gradOutput * (1 - output^2)`, computed from the saved output. */
class TanhFunction extends Function {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    const output = kernels.tanh(x);

    ctx.saveForBackward(output);

    return output;
  }

  static override backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
    const [output] = ctx.savedTensors as [Tensor];

    const squared = mul(output, output);
    const derivative = sub(1, squared);
    releaseTemporaries(squared);
    const gradX = mul(gradOutput, derivative);
    releaseTemporaries(derivative);

    return gradX;
  }
}

/**
 * Computes the hyperbolic tangent of every element.
 *
 * @param x - Tensor or value of any shape.
 * @returns A new tensor of the same shape, with values in [-1, 1].
 * @example
 * ```ts
 * import { tanh, tensor } from 'fusegrad';
 *
 * console.log(tanh(tensor([0])).toArray()); // [ 0 ]
 * ```
 */
export function tanh(x: TensorLike): Tensor {
  return TanhFunction.apply(asTensor(x));
}
