import { checkShape, Tensor } from '../tensor.js';
import { formatShape } from '../shape/format-shape.js';
import { shapesEqual } from '../shape/strides.js';
import { readIndices } from './helpers/indices.js';
import { checkLastAxisShapes } from './helpers/last-axis.js';
import { allocate, requireTensor } from './helpers/operands.js';

/**
 * Adds values into a zero tensor at positions along the last axis; the adjoint of {@link gather}:
 * `out[..., indices[..., j]] += values[..., j]`. Repeated indices accumulate, in float64.
 *
 * @param shape - Shape of the result `[..., V]`, rank at least 1.
 * @param indices - Integer positions in `[0, V)`, of shape `[..., K]` with `shape`'s leading dimensions.
 * @param values - Values to add, with the shape of `indices`.
 * @returns A new tensor of `shape` and `values`' dtype.
 * @throws Error when the shapes do not fit, or an index is not an integer in `[0, V)`.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * const grads = kernels.scatterAdd([1, 3], tensor([[2, 0, 2]]), tensor([[1, 5, 1]]));
 * console.log(grads.toArray()); // [ [ 5, 0, 2 ] ]
 * ```
 */
export function scatterAdd(shape: readonly number[], indices: Tensor, values: Tensor): Tensor {
  requireTensor('scatterAdd', 'indices', indices);
  requireTensor('scatterAdd', 'values', values);
  const size = checkShape('scatterAdd', shape);
  checkLastAxisShapes('scatterAdd', 'the output', shape, indices.shape);
  if (!shapesEqual(values.shape, indices.shape)) {
    throw new Error(
      `scatterAdd: values of shape ${formatShape(values.shape)} must have the shape of indices ` +
        `${formatShape(indices.shape)}`,
    );
  }
  const vocabSize = shape[shape.length - 1]!;
  const positions = readIndices('scatterAdd', indices, vocabSize, `the last axis of the output (size ${vocabSize})`);

  const source = values.data;
  const picked = indices.shape[indices.rank - 1]!;
  const rows = picked === 0 ? 0 : positions.length / picked;
  const totals = new Float64Array(size);
  for (let row = 0; row < rows; row++) {
    const rowStart = row * vocabSize;
    const valueStart = row * picked;
    for (let j = 0; j < picked; j++) totals[rowStart + positions[valueStart + j]!]! += source[valueStart + j]!;
  }

  const out = allocate(values.dtype, size);
  out.set(totals);
  return new Tensor(out, shape);
}
