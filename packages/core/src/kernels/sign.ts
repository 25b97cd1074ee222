import { Tensor } from '../tensor.js';
import { allocate, requireTensor } from './helpers/operands.js';

/**
 * Computes the sign of every element: -1, 0 or 1 (`NaN` stays `NaN`).
 *
 * @param x - Tensor of any shape.
 * @returns A new tensor of `x`'s shape and dtype holding `sign(x)`.
 * @throws Error when `x` is not a live tensor.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.sign(tensor([-3, 0, 2])).toArray()); // [ -1, 0, 1 ]
 * ```
 */
export function sign(x: Tensor): Tensor {
  const input = requireTensor('sign', 'x', x).data;
  const output = allocate(x.dtype, input.length);
  for (let i = 0; i < input.length; i++) {
    const value = input[i]!;
    output[i] = Math.sign(value);
  }
  return new Tensor(output, x.shape);
}
