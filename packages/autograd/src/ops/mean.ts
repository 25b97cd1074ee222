import { kernels, normalizeAxes, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { expandReduced } from '../gradient-shapes.js';
import { mul } from './mul.js';

interface MeanAttrs {
  inputShape: readonly number[];
  axes: number[];
  keepDims: boolean;
  count: number;
}

/** Mean over `axes`: every input element receives its output element's gradient divided by the count. */
class MeanFunction extends Function {
  static override forward(
    ctx: FunctionCtx<MeanAttrs>,
    x: Tensor,
    axes: number | readonly number[] | null,
    keepDims: boolean,
  ): Tensor {
    const output = kernels.mean(x, axes, keepDims);

    ctx.attrs.inputShape = x.shape;
    ctx.attrs.axes = normalizeAxes(axes, x.rank, 'mean');
    ctx.attrs.keepDims = keepDims;
    ctx.attrs.count = ctx.attrs.axes.reduce((count, axis) => count * x.shape[axis]!, 1);

    return output;
  }

  static override backward(ctx: FunctionCtx<MeanAttrs>, gradOutput: Tensor): (Tensor | null)[] {
    const { inputShape, axes, keepDims, count } = ctx.attrs;

    const gradX = mul(expandReduced(gradOutput, inputShape, axes, keepDims), 1 / count);

    return [gradX, null, null];
  }
}

/**
 * Averages elements over the given axes.
 *
 * @param x - Tensor or value of any shape.
 * @param axes - Axis or axes to reduce (negative counts from the end); `null` reduces all. Default `null`.
 * @param keepDims - Keep reduced axes as size 1. Default `false`.
 * @returns A new tensor: `x`'s shape without the reduced axes, or with them as 1 when `keepDims`.
 * @throws Error when an axis is out of range or repeated.
 * @example
 * ```ts
 * import { mean, tensor } from 'fusegrad';
 *
 * console.log(mean(tensor([[1, 2], [3, 4]]), 1).toArray()); // [ 1.5, 3.5 ]
 * ```
 */
export function mean(x: TensorLike, axes: number | readonly number[] | null = null, keepDims = false): Tensor {
  return MeanFunction.apply(asTensor(x), axes, keepDims);
}
