import { Tensor } from '../tensor.js';
import { allocate, requireTensor } from './helpers/operands.js';

/**
 * Computes `ln(1 + x)` for every element, accurately for `x` near 0.
 *
 * @param x - Tensor of any shape.
 * @returns A new tensor of `x`'s shape and dtype holding `ln(1 + x)`.
 * @throws Error when `x` is not a live tensor.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.log1p(tensor([0])).toArray()); // [ 0 ]
 * ```
 */
export function log1p(x: Tensor): Tensor {
  const input = requireTensor('log1p', 'x', x).data;
  const output = allocate(x.dtype, input.length);
  for (let i = 0; i < input.length; i++) {
    const value = input[i]!;
    output[i] = Math.log1p(value);
  }
  return new Tensor(output, x.shape);
}
