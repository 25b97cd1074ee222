import { normalizeAxis } from '../shape/axes.js';
import { Tensor } from '../tensor.js';
import { allocate, requireTensor } from './helpers/operands.js';
import { reductionLayout } from './helpers/reduction-layout.js';

/**
 * Computes `exp(x) / sum(exp(x))` along one axis, shifting each row by its maximum first so large
 * logits do not overflow. `-Infinity` entries get probability exactly 0.
 *
 * A row whose entries are all `-Infinity` gives 0 everywhere, where PyTorch gives `NaN`: a fully
 * masked row then contributes nothing downstream instead of poisoning sums with `NaN`.
 *
 * @param x - Logits of any rank of at least 1, such as `[BT, V]`.
 * @param axis - Axis to normalise over (negative counts from the end). Default: -1.
 * @returns A new tensor of `x`'s shape and dtype holding probabilities that sum to 1 along `axis`.
 * @throws Error when `x` is a scalar or `axis` is out of range.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.softmax(tensor([0, 0, -Infinity])).toArray()); // [ 0.5, 0.5, 0 ]
 * ```
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  requireTensor('softmax', 'x', x);
  const normalizedAxis = normalizeAxis(axis, x.rank, 'softmax');
  const { source, outer, reduced, inner } = reductionLayout('softmax', x, normalizedAxis, true);
  const out = allocate(x.dtype, x.size);

  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * reduced * inner + i;
      const end = start + reduced * inner;

      let shift = -Infinity;
      for (let index = start; index < end; index += inner) {
        const value = source[index]!;
        if (value > shift || value !== value) shift = value;
      }
      if (shift === -Infinity) {
        for (let index = start; index < end; index += inner) out[index] = 0;
        continue;
      }

      let total = 0;
      for (let index = start; index < end; index += inner) total += Math.exp(source[index]! - shift);
      const scale = 1 / total;
      for (let index = start; index < end; index += inner) out[index] = Math.exp(source[index]! - shift) * scale;
    }
  }
  return new Tensor(out, x.shape);
}
