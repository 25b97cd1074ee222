import { kernels, normalizeAxes, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { expandReduced } from '../gradient-shapes.js';

interface ReductionAttrs {
  inputShape: readonly number[];
  axes: number[];
  keepDims: boolean;
}

/** Sum over `axes`: every input element receives the gradient of its output element. */
class SumFunction extends Function {
  static override forward(
    ctx: FunctionCtx<ReductionAttrs>,
    x: Tensor,
    axes: number | readonly number[] | null,
    keepDims: boolean,
  ): Tensor {
    const output = kernels.sum(x, axes, keepDims);

    ctx.attrs.inputShape = x.shape;
    ctx.attrs.axes = normalizeAxes(axes, x.rank, 'sum');
    ctx.attrs.keepDims = keepDims;

    return output;
  }

  static override backward(ctx: FunctionCtx<ReductionAttrs>, gradOutput: Tensor): (Tensor | null)[] {
    const { inputShape, axes, keepDims } = ctx.attrs;

    const gradX = expandReduced(gradOutput, inputShape, axes, keepDims);

    return [gradX, null, null];
  }
}

/**
 * Sums elements over the given axes.
 *
 * @param x - Tensor or value of any shape.
 * @param axes - Axis or axes to reduce (negative counts from the end); `null` reduces all. Default `null`.
 * @param keepDims - Keep reduced axes as size 1. Default `false`.
 * @returns A new tensor: `x`'s shape without the reduced axes, or with them as 1 when `keepDims`.
 * @throws Error when an axis is out of range or repeated.
 * @example
 * ```ts
 * import { sum, tensor } from 'fusegrad';
 *
 * const x = tensor([[1, 2], [3, 4]]);
 * console.log(sum(x).item(), sum(x, 0).toArray(), sum(x, 1, true).shape); // 10 [ 4, 6 ] [ 2, 1 ]
 * ```
 */
export function sum(x: TensorLike, axes: number | readonly number[] | null = null, keepDims = false): Tensor {
  return SumFunction.apply(asTensor(x), axes, keepDims);
}
