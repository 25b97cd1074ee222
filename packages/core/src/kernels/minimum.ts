import type { Tensor } from '../tensor.js';
import type { TypedArray } from '../types.js';
import { binaryKernel } from './helpers/binary.js';

/**
 * Takes the smaller of two tensors elementwise with NumPy broadcasting; `NaN` in either operand gives `NaN`.
 *
 * @param a - Tensor of any shape, or a number.
 * @param b - Tensor whose shape broadcasts with `a`'s, or a number.
 * @returns A new tensor of the broadcast shape holding `min(a, b)`; float64 if either tensor is float64.
 * @throws Error when the shapes do not broadcast, naming both shapes and the first mismatched axis.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.minimum(tensor([1, 5]), tensor([3, 2])).toArray()); // [ 1, 2 ]
 * ```
 */
export function minimum(a: Tensor | number, b: Tensor | number): Tensor {
  return binaryKernel('minimum', a, b, minimumLoop);
}

function minimumLoop(
  out: TypedArray,
  outStart: number,
  length: number,
  a: TypedArray,
  aStart: number,
  aStride: number,
  b: TypedArray,
  bStart: number,
  bStride: number,
): void {
  let ia = aStart;
  let ib = bStart;
  const end = outStart + length;
  for (let o = outStart; o < end; o++) {
    out[o] = minOf(a[ia], b[ib]);
    ia += aStride;
    ib += bStride;
  }
}

function minOf(x: number, y: number): number {
  if (x !== x || y !== y) return NaN;
  return x < y ? x : y;
}
