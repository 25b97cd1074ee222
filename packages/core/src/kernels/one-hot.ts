import { Tensor } from '../tensor.js';
import { readIndices } from './helpers/indices.js';
import { allocate, requireTensor } from './helpers/operands.js';

/**
 * Encodes integer class indices as one-hot rows.
 *
 * @param indices - Tensor of any shape holding integers in `[0, depth)`.
 * @param depth - Number of classes, a non-negative integer.
 * @returns A new tensor of shape `[...indices.shape, depth]` and `indices`' dtype, with 1 at each
 *   index and 0 elsewhere.
 * @throws Error when `depth` is invalid or an index is not an integer in `[0, depth)`.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.oneHot(tensor([2, 0]), 3).toArray()); // [ [ 0, 0, 1 ], [ 1, 0, 0 ] ]
 * ```
 */
export function oneHot(indices: Tensor, depth: number): Tensor {
  requireTensor('oneHot', 'indices', indices);
  if (!Number.isInteger(depth) || depth < 0) {
    throw new Error(`oneHot: depth must be a non-negative integer, got ${String(depth)}`);
  }
  const positions = readIndices('oneHot', indices, depth, `depth ${depth}`);

  const out = allocate(indices.dtype, positions.length * depth);
  for (let row = 0; row < positions.length; row++) out[row * depth + positions[row]!] = 1;
  return new Tensor(out, [...indices.shape, depth]);
}
