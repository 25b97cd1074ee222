import { Tensor } from '../tensor.js';
import { erfScalar } from './helpers/erf-math.js';
import { allocate, requireTensor } from './helpers/operands.js';

/**
 * Applies the exact Gaussian error linear unit `x * Phi(x) = 0.5 * x * (1 + erf(x / sqrt(2)))` to every element, like PyTorch's default `gelu` (not the tanh approximation). `gelu(-Infinity)` is 0.
 *
 * @param x - Tensor of any shape.
 * @returns A new tensor of `x`'s shape and dtype holding `gelu(x)`.
 * @throws Error when `x` is not a live tensor.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.gelu(tensor([0])).toArray()); // [ 0 ]
 * ```
 */
export function gelu(x: Tensor): Tensor {
  const input = requireTensor('gelu', 'x', x).data;
  const output = allocate(x.dtype, input.length);
  for (let i = 0; i < input.length; i++) {
    const value = input[i]!;
    // The limit at -Infinity is 0; the formula would give -Infinity * 0 = NaN.
    output[i] = value === -Infinity ? 0 : 0.5 * value * (1 + erfScalar(value * Math.SQRT1_2));
  }
  return new Tensor(output, x.shape);
}
