import { formatShape } from '../shape/format-shape.js';
import { stridesOf } from '../shape/strides.js';
import { Tensor } from '../tensor.js';
import { allocate, requireTensor } from './helpers/operands.js';
import { copyStrided, planStrided } from './helpers/strided-plan.js';

/**
 * Copies a rectangular block out of a tensor, with the semantics of `tf.slice`.
 *
 * @param x - Tensor of any shape.
 * @param begin - Start index per axis (a number for the first axis only). Missing trailing entries
 *   are 0.
 * @param size - Length per axis; -1 means to the end of the axis. Missing trailing entries are -1.
 *   Default: to the end of every axis.
 * @returns A new tensor of shape `size` (with -1 resolved) and `x`'s dtype.
 * @throws Error when `begin` or `size` has more entries than `x` has axes, or a block runs past the
 *   end of an axis.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * const x = tensor([[1, 2, 3], [4, 5, 6]]);
 * console.log(kernels.slice(x, [0, 1], [-1, 2]).toArray()); // [ [ 2, 3 ], [ 5, 6 ] ]
 * ```
 */
export function slice(x: Tensor, begin: number | readonly number[], size: number | readonly number[] = []): Tensor {
  requireTensor('slice', 'x', x);
  const beginList = typeof begin === 'number' ? [begin] : [...begin];
  const sizeList = typeof size === 'number' ? [size] : [...size];
  if (beginList.length > x.rank || sizeList.length > x.rank) {
    throw new Error(
      `slice: begin [${beginList.join(',')}] and size [${sizeList.join(',')}] must have at most ` +
        `${x.rank} entries for a tensor of shape ${formatShape(x.shape)}`,
    );
  }

  let offset = 0;
  const strides = stridesOf(x.shape);
  const outShape = x.shape.map((dim, axis) => {
    const start = beginList[axis] ?? 0;
    const requested = sizeList[axis] ?? -1;
    const length = requested === -1 ? dim - start : requested;
    const valid =
      Number.isInteger(start) && Number.isInteger(length) && start >= 0 && length >= 0 && start + length <= dim;
    if (!valid) {
      throw new Error(
        `slice: begin ${start} with size ${requested} is out of range for axis ${axis} of size ${dim} ` +
          `(shape ${formatShape(x.shape)}); need integers with 0 <= begin and begin + size <= ${dim}`,
      );
    }
    offset += start * strides[axis]!;
    return length;
  });

  const out = allocate(x.dtype, outShape.reduce((product, dim) => product * dim, 1));
  copyStrided(planStrided(outShape, [strides]), x.data, offset, out);
  return new Tensor(out, outShape);
}
