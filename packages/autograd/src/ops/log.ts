import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { mulUnlessZero } from '../gradient-shapes.js';
import { div } from './div.js';

/** `log(x)`: the gradient is `gradOutput / x`, and exactly 0 where `gradOutput` is 0. */
class LogFunction extends Function {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    const output = kernels.log(x);

    ctx.saveForBackward(x);

    return output;
  }

  static override backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
    const [x] = ctx.savedTensors as [Tensor];

    return mulUnlessZero(gradOutput, div(1, x));
  }
}

/**
 * Computes the natural logarithm of every element.
 *
 * @param x - Tensor or value of any shape; `log(0)` is `-Infinity` and negative values give `NaN`.
 * @returns A new tensor of the same shape.
 * @example
 * ```ts
 * import { log, tensor } from 'fusegrad';
 *
 * console.log(log(tensor([1, 0])).toArray()); // [ 0, -Infinity ]
 * ```
 */
export function log(x: TensorLike): Tensor {
  return LogFunction.apply(asTensor(x));
}
