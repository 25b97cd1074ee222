import { Tensor } from '../tensor.js';
import { erfScalar } from './helpers/erf-math.js';
import { allocate, requireTensor } from './helpers/operands.js';

/**
 * Computes the Gauss error function of every element to about float64 precision.
 *
 * @param x - Tensor of any shape.
 * @returns A new tensor of `x`'s shape and dtype holding `erf(x)`.
 * @throws Error when `x` is not a live tensor.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.erf(tensor([0])).toArray()); // [ 0 ]
 * ```
 */
export function erf(x: Tensor): Tensor {
  const input = requireTensor('erf', 'x', x).data;
  const output = allocate(x.dtype, input.length);
  for (let i = 0; i < input.length; i++) {
    const value = input[i]!;
    output[i] = erfScalar(value);
  }
  return new Tensor(output, x.shape);
}
