import { Tensor } from '../tensor.js';
import { allocate, requireTensor } from './helpers/operands.js';

/**
 * Limits every element to `[min, max]`; `NaN` stays `NaN`.
 *
 * @param x - Tensor of any shape.
 * @param min - Lower bound, or `null` for none.
 * @param max - Upper bound, or `null` for none.
 * @returns A new tensor of `x`'s shape and dtype holding `min(max(x, min), max)`.
 * @throws Error when a bound is `NaN` or `min > max`.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.clamp(tensor([-2, 0.5, 3]), 0, 1).toArray()); // [ 0, 0.5, 1 ]
 * ```
 */
export function clamp(x: Tensor, min: number | null, max: number | null = null): Tensor {
  const input = requireTensor('clamp', 'x', x).data;
  const lower = min ?? -Infinity;
  const upper = max ?? Infinity;
  if (typeof lower !== 'number' || typeof upper !== 'number' || Number.isNaN(lower) || Number.isNaN(upper)) {
    throw new Error(`clamp: bounds must be numbers or null, got min ${String(min)} and max ${String(max)}`);
  }
  if (lower > upper) {
    throw new Error(`clamp: min ${lower} is greater than max ${upper}; pass min <= max`);
  }

  const output = allocate(x.dtype, input.length);
  for (let i = 0; i < input.length; i++) {
    const value = input[i]!;
    output[i] = value < lower ? lower : value > upper ? upper : value;
  }
  return new Tensor(output, x.shape);
}
