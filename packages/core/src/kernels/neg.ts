import { Tensor } from '../tensor.js';
import { allocate, requireTensor } from './helpers/operands.js';

/**
 * Negates every element.
 *
 * @param x - Tensor of any shape.
 * @returns A new tensor of `x`'s shape and dtype holding `-x`.
 * @throws Error when `x` is not a live tensor.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.neg(tensor([1, -2])).toArray()); // [ -1, 2 ]
 * ```
 */
export function neg(x: Tensor): Tensor {
  const input = requireTensor('neg', 'x', x).data;
  const output = allocate(x.dtype, input.length);
  for (let i = 0; i < input.length; i++) {
    const value = input[i]!;
    output[i] = -value;
  }
  return new Tensor(output, x.shape);
}
