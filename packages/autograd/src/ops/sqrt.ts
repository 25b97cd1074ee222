import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { mulUnlessZero } from '../gradient-shapes.js';
import { div } from './div.js';

/** `sqrt(x)`: the gradient is `gradOutput / (2 * output)`, and exactly 0 where `gradOutput` is 0. */
class SqrtFunction extends Function {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    const output = kernels.sqrt(x);

    ctx.saveForBackward(output);

    return output;
  }

  static override backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
    const [output] = ctx.savedTensors as [Tensor];

    return mulUnlessZero(gradOutput, div(0.5, output));
  }
}

/**
 * Computes the square root of every element.
 *
 * @param x - Tensor or value of any shape; negative values give `NaN`. The gradient at 0 is
 *   `Infinity`, or 0 where the upstream gradient is 0.
 * @returns A new tensor of the same shape.
 * @example
 * ```ts
 * import { sqrt, tensor } from 'fusegrad';
 *
 * console.log(sqrt(tensor([4, 9])).toArray()); // [ 2, 3 ]
 * ```
 */
export function sqrt(x: TensorLike): Tensor {
  return SqrtFunction.apply(asTensor(x));
}
