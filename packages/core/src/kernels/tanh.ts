import { Tensor } from '../tensor.js';
import { allocate, requireTensor } from './helpers/operands.js';

/**
 * Computes the hyperbolic tangent of every element.
 *
 * @param x - Tensor of any shape.
 * @returns A new tensor of `x`'s shape and dtype holding `tanh(x)`.
 * @throws Error when `x` is not a live tensor.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.tanh(tensor([0])).toArray()); // [ 0 ]
 * ```
 */
export function tanh(x: Tensor): Tensor {
  const input = requireTensor('tanh', 'x', x).data;
  const output = allocate(x.dtype, input.length);
  for (let i = 0; i < input.length; i++) {
    const value = input[i]!;
    output[i] = Math.tanh(value);
  }
  return new Tensor(output, x.shape);
}
