import { kernels, normalizeAxes, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor, scalar } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { expandReduced, keptDimsShape, releaseTemporaries } from '../gradient-shapes.js';
import { exp } from './exp.js';
import { mul } from './mul.js';
import { reshape } from './reshape.js';
import { sub } from './sub.js';
import { where } from './where.js';

interface LogsumexpAttrs {
  axes: number[];
  keepDims: boolean;
}

/**
 * `log(sum(exp(x)))` over `axes`. The gradient is `gradOutput * exp(x - output)`, the softmax
 * over the reduced axes. A group whose elements are all `-Infinity` has output `-Infinity` and
 * gets a zero gradient instead of `exp(-Infinity - -Infinity) = NaN`.
 */
class LogsumexpFunction extends Function {
  static override forward(
    ctx: FunctionCtx<LogsumexpAttrs>,
    x: Tensor,
    axes: number | readonly number[] | null,
    keepDims: boolean,
  ): Tensor {
    const output = kernels.logsumexp(x, axes, keepDims);

    ctx.saveForBackward(x, output);
    ctx.attrs.axes = normalizeAxes(axes, x.rank, 'logsumexp');
    ctx.attrs.keepDims = keepDims;

    return output;
  }

  static override backward(ctx: FunctionCtx<LogsumexpAttrs>, gradOutput: Tensor): (Tensor | null)[] {
    const [x, output] = ctx.savedTensors as [Tensor, Tensor];
    const { axes, keepDims } = ctx.attrs;

    const outputKept = reshape(output, keptDimsShape(x.shape, axes));
    const isEmptyGroup = kernels.equal(outputKept, scalar(-Infinity, output.dtype));
    const shift = where(isEmptyGroup, scalar(0, output.dtype), outputKept);
    const shifted = sub(x, shift);
    const softmax = exp(shifted);
    releaseTemporaries(shifted);
    const expanded = expandReduced(gradOutput, x.shape, axes, keepDims);
    const gradX = mul(expanded, softmax);
    releaseTemporaries(softmax, expanded);

    return [gradX, null, null];
  }
}

/**
 * Computes `log(sum(exp(x)))` over the given axes without overflow. A group of only `-Infinity`
 * gives `-Infinity` with a zero gradient.
 *
 * @param x - Tensor or value of any shape.
 * @param axes - Axis or axes to reduce (negative counts from the end); `null` reduces all. Default `null`.
 * @param keepDims - Keep reduced axes as size 1. Default `false`.
 * @returns A new tensor: `x`'s shape without the reduced axes, or with them as 1 when `keepDims`.
 * @throws Error when an axis is out of range or repeated.
 * @example
 * ```ts
 * import { logsumexp, tensor } from 'fusegrad';
 *
 * console.log(logsumexp(tensor([[0, 0]]), 1).toArray()); // [ 0.6931471824645996 ]
 * ```
 */
export function logsumexp(x: TensorLike, axes: number | readonly number[] | null = null, keepDims = false): Tensor {
  return LogsumexpFunction.apply(asTensor(x), axes, keepDims);
}
