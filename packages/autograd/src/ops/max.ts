import { kernels, normalizeAxes, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { expandReduced } from '../gradient-shapes.js';
import { tieWeights } from '../tie-weights.js';
import { mul } from './mul.js';

interface ReductionAttrs {
  axes: number[];
  keepDims: boolean;
}

/**
 * Maximum over `axes`. The gradient of each output element is split evenly among the input
 * elements equal to it, as PyTorch's `amax` does, so ties share it instead of one winner taking all.
 */
class MaxFunction extends Function {
  static override forward(
    ctx: FunctionCtx<ReductionAttrs>,
    x: Tensor,
    axes: number | readonly number[] | null,
    keepDims: boolean,
  ): Tensor {
    const output = kernels.max(x, axes, keepDims);

    ctx.saveForBackward(x, output);
    ctx.attrs.axes = normalizeAxes(axes, x.rank, 'max');
    ctx.attrs.keepDims = keepDims;

    return output;
  }

  static override backward(ctx: FunctionCtx<ReductionAttrs>, gradOutput: Tensor): (Tensor | null)[] {
    const [x, output] = ctx.savedTensors as [Tensor, Tensor];
    const { axes, keepDims } = ctx.attrs;

    const weights = tieWeights(x, output, axes);
    const gradX = mul(expandReduced(gradOutput, x.shape, axes, keepDims), weights);

    return [gradX, null, null];
  }
}

/**
 * Takes the maximum over the given axes. The gradient is split evenly among tied maxima (PyTorch's
 * `amax` rule); use `argmax` for the index of the first maximum.
 *
 * @param x - Tensor or value of any shape.
 * @param axes - Axis or axes to reduce (negative counts from the end); `null` reduces all. Default `null`.
 * @param keepDims - Keep reduced axes as size 1. Default `false`.
 * @returns A new tensor: `x`'s shape without the reduced axes, or with them as 1 when `keepDims`.
 * @throws Error when an axis is out of range or repeated.
 * @example
 * ```ts
 * import { max, tensor } from 'fusegrad';
 *
 * const x = tensor([[1, 3, 3]], { requiresGrad: true });
 * max(x, 1).sum().backward();
 * console.log(x.grad?.toArray()); // [ [ 0, 0.5, 0.5 ] ]
 * ```
 */
export function max(x: TensorLike, axes: number | readonly number[] | null = null, keepDims = false): Tensor {
  return MaxFunction.apply(asTensor(x), axes, keepDims);
}
