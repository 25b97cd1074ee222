import { Tensor } from '../tensor.js';
import { allocate, requireTensor } from './helpers/operands.js';

/**
 * Computes the natural exponential of every element.
 *
 * @param x - Tensor of any shape.
 * @returns A new tensor of `x`'s shape and dtype holding `e^x`.
 * @throws Error when `x` is not a live tensor.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.exp(tensor([0])).toArray()); // [ 1 ]
 * ```
 */
export function exp(x: Tensor): Tensor {
  const input = requireTensor('exp', 'x', x).data;
  const output = allocate(x.dtype, input.length);
  for (let i = 0; i < input.length; i++) {
    const value = input[i]!;
    output[i] = Math.exp(value);
  }
  return new Tensor(output, x.shape);
}
