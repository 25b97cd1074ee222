import { Tensor } from '../tensor.js';
import { readIndices } from './helpers/indices.js';
import { checkLastAxisShapes } from './helpers/last-axis.js';
import { allocate, requireTensor } from './helpers/operands.js';

/**
 * Picks elements along the last axis, like `torch.gather(x, -1, indices)`:
 * `out[..., j] = x[..., indices[..., j]]`.
 *
 * @param x - Values of shape `[..., V]`, rank at least 1.
 * @param indices - Integer positions in `[0, V)`, of shape `[..., K]` with `x`'s leading dimensions.
 * @returns A new tensor of shape `[..., K]` and `x`'s dtype (the dtype of `indices` does not matter).
 * @throws Error when the shapes do not fit, or an index is not an integer in `[0, V)`.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * const logProbs = tensor([[-1, -2, -3], [-4, -5, -6]]);
 * const labels = tensor([[2], [0]]);
 * console.log(kernels.gather(logProbs, labels).toArray()); // [ [ -3 ], [ -4 ] ]
 * ```
 */
export function gather(x: Tensor, indices: Tensor): Tensor {
  requireTensor('gather', 'x', x);
  requireTensor('gather', 'indices', indices);
  checkLastAxisShapes('gather', 'x', x.shape, indices.shape);
  const vocabSize = x.shape[x.rank - 1]!;
  const positions = readIndices('gather', indices, vocabSize, `the last axis of x (size ${vocabSize})`);

  const source = x.data;
  const picked = indices.shape[indices.rank - 1]!;
  const rows = picked === 0 ? 0 : positions.length / picked;
  const out = allocate(x.dtype, positions.length);
  for (let row = 0; row < rows; row++) {
    const rowStart = row * vocabSize;
    const outStart = row * picked;
    for (let j = 0; j < picked; j++) out[outStart + j] = source[rowStart + positions[outStart + j]!]!;
  }
  return new Tensor(out, indices.shape);
}
