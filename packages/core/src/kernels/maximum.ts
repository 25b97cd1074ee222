import type { Tensor } from '../tensor.js';
import type { TypedArray } from '../types.js';
import { binaryKernel } from './helpers/binary.js';

/**
 * Takes the larger of two tensors elementwise with NumPy broadcasting; `NaN` in either operand gives `NaN`.
 *
 * @param a - Tensor of any shape, or a number.
 * @param b - Tensor whose shape broadcasts with `a`'s, or a number.
 * @returns A new tensor of the broadcast shape holding `max(a, b)`; float64 if either tensor is float64.
 * @throws Error when the shapes do not broadcast, naming both shapes and the first mismatched axis.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.maximum(tensor([1, 5]), tensor([3, 2])).toArray()); // [ 3, 5 ]
 * ```
 */
export function maximum(a: Tensor | number, b: Tensor | number): Tensor {
  return binaryKernel('maximum', a, b, maximumLoop);
}

function maximumLoop(
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
    out[o] = maxOf(a[ia], b[ib]);
    ia += aStride;
    ib += bStride;
  }
}

function maxOf(x: number, y: number): number {
  if (x !== x || y !== y) return NaN;
  return x > y ? x : y;
}
