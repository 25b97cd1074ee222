import { Tensor } from '../tensor.js';
import { allocate, requireTensor } from './helpers/operands.js';
import { reductionLayout, sumLayout } from './helpers/reduction-layout.js';

/**
 * Sums elements over the given axes, accumulating in float64 even for float32 tensors.
 *
 * @param x - Tensor of any shape.
 * @param axes - Axis or axes to reduce (negative counts from the end); `null` reduces every axis,
 *   and `[]` reduces none. Default: `null`.
 * @param keepDims - Keep reduced axes as size 1. Default: `false`.
 * @returns A new tensor of `x`'s dtype; sums over empty axes are 0.
 * @throws Error when an axis is out of range or repeated.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * const x = tensor([[1, 2, 3], [4, 5, 6]]);
 * console.log(kernels.sum(x, 1).toArray()); // [ 6, 15 ]
 * console.log(kernels.sum(x, 0, true).toArray()); // [ [ 5, 7, 9 ] ]
 * console.log(kernels.sum(x).item()); // 21
 * ```
 */
export function sum(x: Tensor, axes: number | readonly number[] | null = null, keepDims = false): Tensor {
  requireTensor('sum', 'x', x);
  const layout = reductionLayout('sum', x, axes, keepDims);

  const out = allocate(x.dtype, layout.outer * layout.inner);
  sumLayout(layout, out);
  return new Tensor(out, layout.outShape);
}
