import { Tensor } from '../tensor.js';
import { allocate, requireTensor } from './helpers/operands.js';

/**
 * Computes the natural logarithm of every element; 0 gives `-Infinity` and negative numbers give `NaN`.
 *
 * @param x - Tensor of any shape.
 * @returns A new tensor of `x`'s shape and dtype holding `ln(x)`.
 * @throws Error when `x` is not a live tensor.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.log(tensor([1])).toArray()); // [ 0 ]
 * ```
 */
export function log(x: Tensor): Tensor {
  const input = requireTensor('log', 'x', x).data;
  const output = allocate(x.dtype, input.length);
  for (let i = 0; i < input.length; i++) {
    const value = input[i]!;
    output[i] = Math.log(value);
  }
  return new Tensor(output, x.shape);
}
