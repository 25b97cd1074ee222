import { Tensor } from '../tensor.js';
import { allocate, requireTensor } from './helpers/operands.js';

/**
 * Applies the rectified linear unit `max(x, 0)` to every element; `NaN` stays `NaN`.
 *
 * @param x - Tensor of any shape.
 * @returns A new tensor of `x`'s shape and dtype holding `max(x, 0)`.
 * @throws Error when `x` is not a live tensor.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.relu(tensor([-1, 2])).toArray()); // [ 0, 2 ]
 * ```
 */
export function relu(x: Tensor): Tensor {
  const input = requireTensor('relu', 'x', x).data;
  const output = allocate(x.dtype, input.length);
  for (let i = 0; i < input.length; i++) {
    const value = input[i]!;
    output[i] = value < 0 ? 0 : value;
  }
  return new Tensor(output, x.shape);
}
