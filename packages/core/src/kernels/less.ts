import type { Tensor } from '../tensor.js';
import type { TypedArray } from '../types.js';
import { binaryKernel } from './helpers/binary.js';

/**
 * Tests `a < b` elementwise with NumPy broadcasting.
 *
 * @param a - Tensor of any shape, or a number.
 * @param b - Tensor whose shape broadcasts with `a`'s, or a number.
 * @returns A new tensor of the broadcast shape holding 1 where `a < b`, else 0; float64 if either tensor is float64.
 * @throws Error when the shapes do not broadcast, naming both shapes and the first mismatched axis.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.less(tensor([1, 2]), 2).toArray()); // [ 1, 0 ]
 * ```
 */
export function less(a: Tensor | number, b: Tensor | number): Tensor {
  return binaryKernel('less', a, b, lessLoop);
}

function lessLoop(
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
    out[o] = a[ia] < b[ib] ? 1 : 0;
    ia += aStride;
    ib += bStride;
  }
}
