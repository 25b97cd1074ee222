import { formatShape } from '../shape/format-shape.js';
import type { Tensor } from '../tensor.js';
import { requireTensor } from './helpers/operands.js';
import { permute } from './permute.js';

/**
 * Swaps the last two axes: `[..., n, m] -> [..., m, n]`.
 *
 * @param x - Tensor of rank at least 2.
 * @returns A new tensor with fresh, row-major storage.
 * @throws Error when `x` has rank below 2.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.transpose(tensor([[1, 2, 3]])).toArray()); // [ [ 1 ], [ 2 ], [ 3 ] ]
 * ```
 */
export function transpose(x: Tensor): Tensor {
  requireTensor('transpose', 'x', x);
  if (x.rank < 2) {
    throw new Error(
      `transpose: tensor of shape ${formatShape(x.shape)} has rank ${x.rank}, expected at least 2; ` +
        'reshape a vector to [1,n] or [n,1] first, or use permute',
    );
  }

  const dims = x.shape.map((_, axis) => axis);
  dims[x.rank - 2] = x.rank - 1;
  dims[x.rank - 1] = x.rank - 2;
  return permute(x, dims);
}
