import type { Tensor } from '../tensor.js';
import type { TypedArray } from '../types.js';
import { binaryKernel } from './helpers/binary.js';

/**
 * Divides `a` by `b` elementwise with NumPy broadcasting, following IEEE 754 (`1 / 0` is `Infinity`, `0 / 0` is `NaN`).
 *
 * @param a - Tensor of any shape, or a number.
 * @param b - Tensor whose shape broadcasts with `a`'s, or a number.
 * @returns A new tensor of the broadcast shape holding `a / b`; float64 if either tensor is float64.
 * @throws Error when the shapes do not broadcast, naming both shapes and the first mismatched axis.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.div(tensor([1, 3]), 2).toArray()); // [ 0.5, 1.5 ]
 * ```
 */
export function div(a: Tensor | number, b: Tensor | number): Tensor {
  return binaryKernel('div', a, b, divLoop);
}

function divLoop(
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
    out[o] = a[ia] / b[ib];
    ia += aStride;
    ib += bStride;
  }
}
