import { Tensor } from '../tensor.js';
import { allocate, requireTensor } from './helpers/operands.js';

/**
 * Computes the square root of every element; negative numbers give `NaN`.
 *
 * @param x - Tensor of any shape.
 * @returns A new tensor of `x`'s shape and dtype holding `sqrt(x)`.
 * @throws Error when `x` is not a live tensor.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.sqrt(tensor([4, 9])).toArray()); // [ 2, 3 ]
 * ```
 */
export function sqrt(x: Tensor): Tensor {
  const input = requireTensor('sqrt', 'x', x).data;
  const output = allocate(x.dtype, input.length);
  for (let i = 0; i < input.length; i++) {
    const value = input[i]!;
    output[i] = Math.sqrt(value);
  }
  return new Tensor(output, x.shape);
}
