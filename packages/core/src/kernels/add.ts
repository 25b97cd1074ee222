import type { Tensor } from '../tensor.js';
import type { TypedArray } from '../types.js';
import { binaryKernel } from './helpers/binary.js';

/**
 * Adds two tensors elementwise with NumPy broadcasting.
 *
 * @param a - Tensor of any shape, or a number.
 * @param b - Tensor whose shape broadcasts with `a`'s, or a number.
 * @returns A new tensor of the broadcast shape holding `a + b`; float64 if either tensor is float64.
 * @throws Error when the shapes do not broadcast, naming both shapes and the first mismatched axis.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.add(tensor([[1, 2], [3, 4]]), tensor([10, 20])).toArray()); // [ [ 11, 22 ], [ 13, 24 ] ]
 * ```
 */
export function add(a: Tensor | number, b: Tensor | number): Tensor {
  return binaryKernel('add', a, b, addLoop);
}

function addLoop(
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
    out[o] = a[ia] + b[ib];
    ia += aStride;
    ib += bStride;
  }
}
