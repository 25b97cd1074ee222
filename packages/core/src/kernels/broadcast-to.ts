import { formatShape } from '../shape/format-shape.js';
import { shapeSize } from '../shape/strides.js';
import { checkShape, Tensor } from '../tensor.js';
import { allocate, requireTensor } from './helpers/operands.js';
import { copyStrided, planBroadcast } from './helpers/strided-plan.js';

/**
 * Repeats a tensor along broadcast dimensions to fill a larger shape, like `np.broadcast_to`, but
 * with fresh storage.
 *
 * @param x - Tensor whose shape broadcasts to `shape`: aligned at the last axis, each dimension equal
 *   to the target's or 1.
 * @param shape - Target shape, of rank at least `x.rank`.
 * @returns A new tensor of `shape` and `x`'s dtype.
 * @throws Error when `x`'s shape does not broadcast to `shape`.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.broadcastTo(tensor([1, 2]), [2, 2]).toArray()); // [ [ 1, 2 ], [ 1, 2 ] ]
 * ```
 */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  requireTensor('broadcastTo', 'x', x);
  checkShape('broadcastTo', shape);
  const offset = shape.length - x.rank;
  const fits = offset >= 0 && x.shape.every((dim, axis) => dim === 1 || dim === shape[axis + offset]);
  if (!fits) {
    throw new Error(
      `broadcastTo: shape ${formatShape(x.shape)} does not broadcast to ${formatShape(shape)}; ` +
        'aligned at the last axis, each dimension must equal the target dimension or be 1',
    );
  }

  const out = allocate(x.dtype, shapeSize(shape));
  copyStrided(planBroadcast(shape, [x.shape]), x.data, 0, out);
  return new Tensor(out, shape);
}
