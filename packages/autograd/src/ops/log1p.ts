import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { mulUnlessZero } from '../gradient-shapes.js';
import { add } from './add.js';
import { div } from './div.js';

/** `log(1 + x)`: the gradient is `gradOutput / (1 + x)`, and exactly 0 where `gradOutput` is 0. */
class Log1pFunction extends Function {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    const output = kernels.log1p(x);

    ctx.saveForBackward(x);

    return output;
  }

  static override backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
    const [x] = ctx.savedTensors as [Tensor];

    return mulUnlessZero(gradOutput, div(1, add(x, 1)));
  }
}

/**
 * Computes `log(1 + x)` for every element, accurately for `x` near 0.
 *
 * @param x - Tensor or value of any shape, each element at least -1.
 * @returns A new tensor of the same shape.
 * @example
 * ```ts
 * import { log1p, tensor } from 'fusegrad';
 *
 * console.log(log1p(tensor([0])).toArray()); // [ 0 ]
 * ```
 */
export function log1p(x: TensorLike): Tensor {
  return Log1pFunction.apply(asTensor(x));
}
