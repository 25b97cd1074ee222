import { formatShape } from '../shape/format-shape.js';
import { Tensor } from '../tensor.js';
import { allocate, requireTensor } from './helpers/operands.js';
import { reductionLayout } from './helpers/reduction-layout.js';

/**
 * Takes the largest element over the given axes; `NaN` anywhere in a reduced group gives `NaN`.
 *
 * @param x - Tensor of any shape.
 * @param axes - Axis or axes to reduce (negative counts from the end); `null` reduces every axis,
 *   and `[]` reduces none. Default: `null`.
 * @param keepDims - Keep reduced axes as size 1. Default: `false`.
 * @returns A new tensor of `x`'s dtype.
 * @throws Error when an axis is out of range or repeated, or when a reduced axis has size 0 while
 *   the result is not empty.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.max(tensor([[1, 5], [7, 2]]), 1).toArray()); // [ 5, 7 ]
 * ```
 */
export function max(x: Tensor, axes: number | readonly number[] | null = null, keepDims = false): Tensor {
  requireTensor('max', 'x', x);
  const { source, outer, reduced, inner, outShape } = reductionLayout('max', x, axes, keepDims);
  const out = allocate(x.dtype, outer * inner);
  if (reduced === 0 && out.length > 0) {
    throw new Error(
      `max: cannot reduce tensor of shape ${formatShape(x.shape)} over an axis of size 0; ` +
        'the largest element of an empty set is undefined, so reduce over non-empty axes',
    );
  }

  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * reduced * inner + i;
      const end = start + reduced * inner;
      let best = source[start]!;
      for (let index = start + inner; index < end && best === best; index += inner) {
        const value = source[index]!;
        if (value > best || value !== value) best = value;
      }
      out[o * inner + i] = best;
    }
  }
  return new Tensor(out, outShape);
}
