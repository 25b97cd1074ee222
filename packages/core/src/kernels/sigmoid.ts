import { Tensor } from '../tensor.js';
import { allocate, requireTensor } from './helpers/operands.js';

/**
 * Applies the logistic function `1 / (1 + e^-x)` to every element, in a form that does not overflow for large negative `x`.
 *
 * @param x - Tensor of any shape.
 * @returns A new tensor of `x`'s shape and dtype holding `1 / (1 + e^-x)`.
 * @throws Error when `x` is not a live tensor.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.sigmoid(tensor([0])).toArray()); // [ 0.5 ]
 * ```
 */
export function sigmoid(x: Tensor): Tensor {
  const input = requireTensor('sigmoid', 'x', x).data;
  const output = allocate(x.dtype, input.length);
  for (let i = 0; i < input.length; i++) {
    const value = input[i]!;
    // For negative x, e^-x can overflow to Infinity; e^x / (1 + e^x) is the same value without it.
    if (value >= 0) {
      output[i] = 1 / (1 + Math.exp(-value));
    } else {
      const expValue = Math.exp(value);
      output[i] = expValue / (1 + expValue);
    }
  }
  return new Tensor(output, x.shape);
}
