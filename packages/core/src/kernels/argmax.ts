import { formatShape } from '../shape/format-shape.js';
import { Tensor } from '../tensor.js';
import { allocate, requireTensor } from './helpers/operands.js';
import { reductionLayout } from './helpers/reduction-layout.js';

/**
 * Finds the index of the largest element along one axis, or in the flattened tensor. Ties go to the
 * first index, and a `NaN` counts as larger than any number, as in PyTorch.
 *
 * @param x - Tensor of any shape.
 * @param axis - Axis to search (negative counts from the end), or `null` for the index into the
 *   flattened, row-major tensor. Default: `null`.
 * @param keepDims - Keep the searched axis (every axis when `axis` is `null`) as size 1.
 *   Default: `false`.
 * @returns A new tensor of `x`'s dtype holding integer indices (exact up to 2^24 in float32).
 * @throws Error when `axis` is out of range, or when the searched axis has size 0.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * const logits = tensor([[0.1, 2, -1], [3, 0, 3]]);
 * console.log(kernels.argmax(logits, -1).toArray()); // [ 1, 0 ]
 * ```
 */
export function argmax(x: Tensor, axis: number | null = null, keepDims = false): Tensor {
  requireTensor('argmax', 'x', x);
  const { source, outer, reduced, inner, outShape } = reductionLayout('argmax', x, axis, keepDims);
  const out = allocate(x.dtype, outer * inner);
  if (reduced === 0 && out.length > 0) {
    throw new Error(
      `argmax: cannot search tensor of shape ${formatShape(x.shape)} along an axis of size 0; ` +
        'pass an axis with at least one element',
    );
  }

  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * reduced * inner + i;
      let best = source[start]!;
      let bestIndex = 0;
      for (let r = 1; r < reduced && best === best; r++) {
        const value = source[start + r * inner]!;
        if (value > best || value !== value) {
          best = value;
          bestIndex = r;
        }
      }
      out[o * inner + i] = bestIndex;
    }
  }
  return new Tensor(out, outShape);
}
