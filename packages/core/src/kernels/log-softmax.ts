import { normalizeAxis } from '../shape/axes.js';
import { Tensor } from '../tensor.js';
import { allocate, requireTensor } from './helpers/operands.js';
import { reductionLayout } from './helpers/reduction-layout.js';

/**
 * Computes `log(softmax(x))` along one axis as `x - m - log(sum(exp(x - m)))` with `m` the row
 * maximum, so large logits do not overflow and `-Infinity` entries stay exactly `-Infinity`
 * (`logSoftmax([0, -Infinity])` is `[0, -Infinity]`).
 *
 * A row whose entries are all `-Infinity` gives `-Infinity` everywhere, where PyTorch gives `NaN`:
 * it is the logarithm of the all-zero row that {@link softmax} returns.
 *
 * @param x - Logits of any rank of at least 1, such as `[BT, V]`.
 * @param axis - Axis to normalise over (negative counts from the end). Default: -1.
 * @returns A new tensor of `x`'s shape and dtype holding log-probabilities that exponentiate to a row summing to 1.
 * @throws Error when `x` is a scalar or `axis` is out of range.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.logSoftmax(tensor([0, -Infinity])).toArray()); // [ 0, -Infinity ]
 * ```
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  requireTensor('logSoftmax', 'x', x);
  const normalizedAxis = normalizeAxis(axis, x.rank, 'logSoftmax');
  const { source, outer, reduced, inner } = reductionLayout('logSoftmax', x, normalizedAxis, true);
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
        for (let index = start; index < end; index += inner) out[index] = -Infinity;
        continue;
      }

      let total = 0;
      for (let index = start; index < end; index += inner) total += Math.exp(source[index]! - shift);
      const logTotal = shift + Math.log(total);
      for (let index = start; index < end; index += inner) out[index] = source[index]! - logTotal;
    }
  }
  return new Tensor(out, x.shape);
}
