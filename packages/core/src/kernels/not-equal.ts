import type { Tensor } from '../tensor.js';
import type { TypedArray } from '../types.js';
import { binaryKernel } from './helpers/binary.js';

/**
 * Compares two tensors elementwise for inequality with NumPy broadcasting; `NaN` is unequal to everything.
 *
 * @param a - Tensor of any shape, or a number.
 * @param b - Tensor whose shape broadcasts with `a`'s, or a number.
 * @returns A new tensor of the broadcast shape holding 1 where `a != b`, else 0; float64 if either tensor is float64.
 * @throws Error when the shapes do not broadcast, naming both shapes and the first mismatched axis.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.notEqual(tensor([1, 2]), tensor([1, 3])).toArray()); // [ 0, 1 ]
 * ```
 */
export function notEqual(a: Tensor | number, b: Tensor | number): Tensor {
  return binaryKernel('notEqual', a, b, notEqualLoop);
}

function notEqualLoop(
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
    out[o] = a[ia] !== b[ib] ? 1 : 0;
    ia += aStride;
    ib += bStride;
  }
}
