import { normalizeAxis } from '../shape/axes.js';
import { formatShape } from '../shape/format-shape.js';
import { Tensor } from '../tensor.js';
import { readIndices } from './helpers/indices.js';
import { allocate, requireTensor } from './helpers/operands.js';

/**
 * Picks whole slices along one axis, like `torch.index_select`: the result's slice `j` along `axis`
 * is `x`'s slice `indices[j]`. Embedding lookups are `indexSelect(table, tokenIds, 0)`.
 *
 * @param x - Tensor of rank at least 1.
 * @param indices - 1-D tensor of `K` integer positions in `[0, x.shape[axis])`; repeats are allowed.
 * @param axis - Axis to select along (negative counts from the end). Default: 0.
 * @returns A new tensor of `x`'s shape with `shape[axis] = K`, and `x`'s dtype.
 * @throws Error when `indices` is not 1-D, `axis` is out of range, or an index is out of range.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * const table = tensor([[0, 0], [1, 1], [2, 2]]);
 * console.log(kernels.indexSelect(table, tensor([2, 0]), 0).toArray()); // [ [ 2, 2 ], [ 0, 0 ] ]
 * ```
 */
export function indexSelect(x: Tensor, indices: Tensor, axis = 0): Tensor {
  requireTensor('indexSelect', 'x', x);
  requireTensor('indexSelect', 'indices', indices);
  const selectAxis = normalizeAxis(axis, x.rank, 'indexSelect');
  if (indices.rank !== 1) {
    throw new Error(
      `indexSelect: indices must be 1-D, got shape ${formatShape(indices.shape)}; reshape them to [-1] first`,
    );
  }
  const axisSize = x.shape[selectAxis]!;
  const positions = readIndices('indexSelect', indices, axisSize, `axis ${selectAxis} of size ${axisSize}`);

  let outer = 1;
  for (let a = 0; a < selectAxis; a++) outer *= x.shape[a]!;
  let inner = 1;
  for (let a = selectAxis + 1; a < x.rank; a++) inner *= x.shape[a]!;
  const picked = positions.length;
  const outShape = [...x.shape];
  outShape[selectAxis] = picked;

  const source = x.data;
  const out = allocate(x.dtype, outer * picked * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < picked; j++) {
      const from = (o * axisSize + positions[j]!) * inner;
      const to = (o * picked + j) * inner;
      for (let i = 0; i < inner; i++) out[to + i] = source[from + i]!;
    }
  }
  return new Tensor(out, outShape);
}
