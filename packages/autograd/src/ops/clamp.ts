import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { mul } from './mul.js';

interface ClampAttrs {
  min: number;
  max: number;
}

/**
 * Clamp to `[min, max]`. The gradient passes where `min <= x <= max` (bounds included, as in
 * PyTorch) and is 0 where the input was clipped.
 */
class ClampFunction extends Function {
  static override forward(ctx: FunctionCtx<ClampAttrs>, x: Tensor, min: number | null, max: number | null): Tensor {
    const output = kernels.clamp(x, min, max);

    ctx.saveForBackward(x);
    ctx.attrs.min = min ?? -Infinity;
    ctx.attrs.max = max ?? Infinity;

    return output;
  }

  static override backward(ctx: FunctionCtx<ClampAttrs>, gradOutput: Tensor): (Tensor | null)[] {
    const [x] = ctx.savedTensors as [Tensor];

    const inRange = kernels.mul(kernels.greaterEqual(x, ctx.attrs.min), kernels.lessEqual(x, ctx.attrs.max));
    const gradX = mul(gradOutput, inRange);

    return [gradX, null, null];
  }
}

/**
 * Limits every element to `[min, max]`. The gradient is 0 where an element was clipped.
 *
 * @param x - Tensor or value of any shape.
 * @param min - Lower bound, or `null` for none.
 * @param max - Upper bound, or `null` for none. Default `null`.
 * @returns A new tensor of the same shape.
 * @throws Error when a bound is `NaN` or `min > max`.
 * @example
 * ```ts
 * import { clamp, tensor } from 'fusegrad';
 *
 * console.log(clamp(tensor([-2, 0.5, 3]), 0, 1).toArray()); // [ 0, 0.5, 1 ]
 * ```
 */
export function clamp(x: TensorLike, min: number | null, max: number | null = null): Tensor {
  return ClampFunction.apply(asTensor(x), min, max);
}
