import { Tensor } from '../tensor.js';
import { allocate, requireTensor } from './helpers/operands.js';

/**
 * Computes the absolute value of every element.
 *
 * @param x - Tensor of any shape.
 * @returns A new tensor of `x`'s shape and dtype holding `|x|`.
 * @throws Error when `x` is not a live tensor.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.abs(tensor([-1.5, 2])).toArray()); // [ 1.5, 2 ]
 * ```
 */
export function abs(x: Tensor): Tensor {
  const input = requireTensor('abs', 'x', x).data;
  const output = allocate(x.dtype, input.length);
  for (let i = 0; i < input.length; i++) {
    const value = input[i]!;
    output[i] = Math.abs(value);
  }
  return new Tensor(output, x.shape);
}
