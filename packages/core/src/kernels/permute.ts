import { formatShape } from '../shape/format-shape.js';
import { stridesOf } from '../shape/strides.js';
import { Tensor } from '../tensor.js';
import { allocate, requireTensor } from './helpers/operands.js';
import { copyStrided, planStrided } from './helpers/strided-plan.js';

/**
 * Reorders the axes of a tensor: axis `d` of the result is axis `dims[d]` of `x`.
 *
 * @param x - Tensor of any shape.
 * @param dims - A permutation of `0 .. rank - 1`; negative entries count from the end.
 * @returns A new tensor of shape `dims.map((d) => x.shape[d])` with fresh, row-major storage.
 * @throws Error when `dims` is not a permutation of the axes of `x`.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * const x = tensor([[1, 2, 3], [4, 5, 6]]);
 * console.log(kernels.permute(x, [1, 0]).toArray()); // [ [ 1, 4 ], [ 2, 5 ], [ 3, 6 ] ]
 * ```
 */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  requireTensor('permute', 'x', x);
  const order = checkPermutation(x, dims);

  const strides = stridesOf(x.shape);
  const outShape = order.map((axis) => x.shape[axis]!);
  const out = allocate(x.dtype, x.size);
  const plan = planStrided(outShape, [order.map((axis) => strides[axis]!)]);
  copyStrided(plan, x.data, 0, out);
  return new Tensor(out, outShape);
}

function checkPermutation(x: Tensor, dims: readonly number[]): number[] {
  const rank = x.rank;
  const invalid = (): Error =>
    new Error(
      `permute: dims [${Array.isArray(dims) ? dims.join(',') : String(dims)}] is not a permutation of the ` +
        `${rank} axes of a tensor of shape ${formatShape(x.shape)}; list each axis in [0, ${rank - 1}] once`,
    );
  if (!Array.isArray(dims) || dims.length !== rank) throw invalid();

  const order = dims.map((axis) => (axis < 0 ? axis + rank : axis));
  const seen = new Set<number>();
  for (const axis of order) {
    if (!Number.isInteger(axis) || axis < 0 || axis >= rank || seen.has(axis)) throw invalid();
    seen.add(axis);
  }
  return order;
}
