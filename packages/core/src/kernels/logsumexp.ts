import { Tensor } from '../tensor.js';
import { allocate, requireTensor } from './helpers/operands.js';
import { reductionLayout } from './helpers/reduction-layout.js';

/**
 * Computes `log(sum(exp(x)))` over the given axes without overflow, by shifting each group by its
 * maximum `m`: `m + log(sum(exp(x - m)))`, summed in float64.
 *
 * A group whose elements are all `-Infinity` gives `-Infinity`, and one containing `+Infinity` gives
 * `+Infinity` (unless it contains `NaN`, which gives `NaN`). Empty groups give `-Infinity`.
 *
 * @param x - Tensor of any shape.
 * @param axes - Axis or axes to reduce (negative counts from the end); `null` reduces every axis,
 *   and `[]` reduces none. Default: `null`.
 * @param keepDims - Keep reduced axes as size 1. Default: `false`.
 * @returns A new tensor of `x`'s dtype.
 * @throws Error when an axis is out of range or repeated.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * const logits = tensor([[0, 0], [1000, 1000]], { dtype: 'float64' });
 * console.log(kernels.logsumexp(logits, -1).toArray()); // [ 0.6931471805599453, 1000.6931471805599 ]
 * ```
 */
export function logsumexp(x: Tensor, axes: number | readonly number[] | null = null, keepDims = false): Tensor {
  requireTensor('logsumexp', 'x', x);
  const { source, outer, reduced, inner, outShape } = reductionLayout('logsumexp', x, axes, keepDims);
  const out = allocate(x.dtype, outer * inner);

  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * reduced * inner + i;
      const end = start + reduced * inner;

      let shift = -Infinity;
      for (let index = start; index < end; index += inner) {
        const value = source[index]!;
        if (value > shift || value !== value) shift = value;
        if (shift !== shift) break;
      }
      // All -Infinity, +Infinity present, or NaN: the shifted sum below would be 0/0 or Inf-Inf.
      if (!Number.isFinite(shift)) {
        out[o * inner + i] = shift;
        continue;
      }

      let total = 0;
      for (let index = start; index < end; index += inner) total += Math.exp(source[index]! - shift);
      out[o * inner + i] = shift + Math.log(total);
    }
  }
  return new Tensor(out, outShape);
}
