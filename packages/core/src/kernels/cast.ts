import { Tensor } from '../tensor.js';
import type { DType } from '../types.js';
import { allocate, requireTensor } from './helpers/operands.js';

/**
 * Copies a tensor into storage of another dtype. float64 to float32 rounds to the nearest float32.
 *
 * @param x - Tensor of any shape.
 * @param dtype - Element type of the result.
 * @returns A new tensor of `x`'s shape with fresh storage, even when `dtype` equals `x.dtype`.
 * @throws Error when `dtype` is not `'float32'` or `'float64'`.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.cast(tensor([1.5]), 'float64').dtype); // float64
 * ```
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  const input = requireTensor('cast', 'x', x).data;
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new Error(`cast: dtype must be 'float32' or 'float64', got ${String(dtype)}`);
  }

  const output = allocate(dtype, input.length);
  output.set(input);
  return new Tensor(output, x.shape);
}
