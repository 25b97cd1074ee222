import { normalizeAxis } from '../shape/axes.js';
import { formatShape } from '../shape/format-shape.js';
import { shapesEqual } from '../shape/strides.js';
import { checkShape, Tensor } from '../tensor.js';
import { readIndices } from './helpers/indices.js';
import { allocate, requireTensor } from './helpers/operands.js';

/**
 * Adds slices of `values` into a zero tensor at positions along one axis; the adjoint of
 * {@link indexSelect}. Repeated indices accumulate, in float64.
 *
 * @param shape - Shape of the result, rank at least 1.
 * @param indices - 1-D tensor of `K` integer positions in `[0, shape[axis])`.
 * @param values - Slices to add, of `shape` with `shape[axis] = K`.
 * @param axis - Axis to add along (negative counts from the end). Default: 0.
 * @returns A new tensor of `shape` and `values`' dtype.
 * @throws Error when `indices` is not 1-D, the shapes do not fit, or an index is out of range.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * const grads = kernels.indexAdd([3, 2], tensor([2, 2]), tensor([[1, 1], [2, 2]]), 0);
 * console.log(grads.toArray()); // [ [ 0, 0 ], [ 0, 0 ], [ 3, 3 ] ]
 * ```
 */
export function indexAdd(shape: readonly number[], indices: Tensor, values: Tensor, axis = 0): Tensor {
  requireTensor('indexAdd', 'indices', indices);
  requireTensor('indexAdd', 'values', values);
  const size = checkShape('indexAdd', shape);
  const addAxis = normalizeAxis(axis, shape.length, 'indexAdd');
  if (indices.rank !== 1) {
    throw new Error(
      `indexAdd: indices must be 1-D, got shape ${formatShape(indices.shape)}; reshape them to [-1] first`,
    );
  }
  const picked = indices.size;
  const expectedValuesShape = [...shape];
  expectedValuesShape[addAxis] = picked;
  if (!shapesEqual(values.shape, expectedValuesShape)) {
    throw new Error(
      `indexAdd: values of shape ${formatShape(values.shape)} do not fit output shape ${formatShape(shape)} ` +
        `with ${picked} indices along axis ${addAxis}; expected values of shape ${formatShape(expectedValuesShape)}`,
    );
  }
  const axisSize = shape[addAxis]!;
  const positions = readIndices('indexAdd', indices, axisSize, `axis ${addAxis} of size ${axisSize}`);

  let outer = 1;
  for (let a = 0; a < addAxis; a++) outer *= shape[a]!;
  let inner = 1;
  for (let a = addAxis + 1; a < shape.length; a++) inner *= shape[a]!;

  const source = values.data;
  const totals = new Float64Array(size);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < picked; j++) {
      const from = (o * picked + j) * inner;
      const to = (o * axisSize + positions[j]!) * inner;
      for (let i = 0; i < inner; i++) totals[to + i]! += source[from + i]!;
    }
  }

  const out = allocate(values.dtype, size);
  out.set(totals);
  return new Tensor(out, shape);
}
