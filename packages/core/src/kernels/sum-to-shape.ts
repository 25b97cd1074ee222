import { formatShape } from '../shape/format-shape.js';
import { checkShape, Tensor } from '../tensor.js';
import { allocate, requireTensor } from './helpers/operands.js';
import { reductionLayout, sumLayout } from './helpers/reduction-layout.js';

/**
 * Sums away the dimensions that broadcasting added, reducing `x` to `shape`: the leading axes that
 * `shape` lacks, and the axes where `shape` has 1 but `x` does not. This is how a gradient of a
 * broadcast result flows back to a smaller operand.
 *
 * @param x - Tensor whose shape is the broadcast of `shape` with something else.
 * @param shape - Target shape; it must broadcast to `x.shape`.
 * @returns A new tensor of `shape` and `x`'s dtype, summed in float64.
 * @throws Error when `shape` does not broadcast to `x.shape`.
 * @example
 * ```ts
 * import { kernels, ones } from 'fusegrad';
 *
 * console.log(kernels.sumToShape(ones([3, 4]), [1, 4]).toArray()); // [ [ 3, 3, 3, 3 ] ]
 * ```
 */
export function sumToShape(x: Tensor, shape: readonly number[]): Tensor {
  requireTensor('sumToShape', 'x', x);
  checkShape('sumToShape', shape);
  const offset = x.rank - shape.length;
  const fits = offset >= 0 && shape.every((dim, axis) => dim === 1 || dim === x.shape[axis + offset]);
  if (!fits) {
    throw new Error(
      `sumToShape: shape ${formatShape(shape)} does not broadcast to ${formatShape(x.shape)}, so ` +
        `${formatShape(x.shape)} cannot be summed down to it; aligned at the last axis, each target ` +
        'dimension must equal the source dimension or be 1',
    );
  }

  const axes: number[] = [];
  for (let axis = 0; axis < x.rank; axis++) {
    if (axis < offset || (shape[axis - offset] === 1 && x.shape[axis] !== 1)) axes.push(axis);
  }
  const layout = reductionLayout('sumToShape', x, axes, true);
  const out = allocate(x.dtype, layout.outer * layout.inner);
  sumLayout(layout, out);
  return new Tensor(out, shape);
}
