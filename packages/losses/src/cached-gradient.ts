import { Tensor, type DType, type TypedArray } from '@fusegrad/core';

import type { Reduction } from './validation.js';

/**
 * Scales a gradient that a fused loss cached in forward by the upstream gradient.
 *
 * A scalar `gradOutput` of exactly 1 returns `gradient` itself, with no pass over it. With
 * reduction 'none', `gradOutput` has one value per row and each row is scaled by its own value.
 *
 * @param gradient - the cached d loss / d input `[rows, vocabSize]`, already divided by the reduction
 * @param gradOutput - the upstream gradient: a scalar, or `[rows]` for reduction 'none'
 */
export function scaleCachedGradient(gradient: Tensor, gradOutput: Tensor, reduction: Reduction): Tensor {
  const [rows, vocabSize] = gradient.shape as [number, number];
  const upstream = gradOutput.data;
  const cached = gradient.data;

  if (reduction !== 'none') {
    const scale = upstream[0]!;
    if (scale === 1) return gradient;

    const scaled = newArray(gradient.dtype, cached.length);
    for (let index = 0; index < cached.length; index++) scaled[index] = cached[index]! * scale;
    return new Tensor(scaled, gradient.shape);
  }

  if (upstream.every((value) => value === 1)) return gradient;
  const scaled = newArray(gradient.dtype, cached.length);
  for (let row = 0; row < rows; row++) {
    const scale = upstream[row]!;
    for (let index = row * vocabSize; index < (row + 1) * vocabSize; index++) scaled[index] = cached[index]! * scale;
  }
  return new Tensor(scaled, gradient.shape);
}

/**
 * Builds a fused loss's output from per-row losses: their float64 sum divided by `divisor`
 * (a scalar), or for reduction 'none' the row losses themselves `[rows]`.
 */
export function reduceRowLosses(rowLosses: Float64Array, divisor: number, reduction: Reduction, dtype: DType): Tensor {
  if (reduction === 'none') {
    const perRow = newArray(dtype, rowLosses.length);
    perRow.set(rowLosses);
    return new Tensor(perRow, [rowLosses.length]);
  }

  let total = 0;
  for (let row = 0; row < rowLosses.length; row++) total += rowLosses[row]!;
  const loss = newArray(dtype, 1);
  loss[0] = total / divisor;
  return new Tensor(loss, []);
}

/**
 * Returns what a fused loss kernel returns for zero rows: an empty gradient and no row losses. The
 * losses use it instead of a launch, because gpu.js rejects an output of size 0.
 */
export function emptyKernelResult(dtype: DType): { grad: TypedArray; rowLosses: Float64Array } {
  return { grad: newArray(dtype, 0), rowLosses: new Float64Array(0) };
}

function newArray(dtype: DType, length: number): Float32Array | Float64Array {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}
