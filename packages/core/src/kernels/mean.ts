import { Tensor } from '../tensor.js';
import { allocate, requireTensor } from './helpers/operands.js';
import { reductionLayout, sumLayout } from './helpers/reduction-layout.js';

/**
 * Averages elements over the given axes, accumulating in float64 even for float32 tensors.
 *
 * @param x - Tensor of any shape.
 * @param axes - Axis or axes to reduce (negative counts from the end); `null` reduces every axis,
 *   and `[]` reduces none. Default: `null`.
 * @param keepDims - Keep reduced axes as size 1. Default: `false`.
 * @returns A new tensor of `x`'s dtype; the mean over empty axes is `NaN`, as in PyTorch.
 * @throws Error when an axis is out of range or repeated.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.mean(tensor([[1, 2], [3, 4]]), -1).toArray()); // [ 1.5, 3.5 ]
 * ```
 */
export function mean(x: Tensor, axes: number | readonly number[] | null = null, keepDims = false): Tensor {
  requireTensor('mean', 'x', x);
  const layout = reductionLayout('mean', x, axes, keepDims);

  const out = allocate(x.dtype, layout.outer * layout.inner);
  sumLayout(layout, out, 1 / layout.reduced);
  return new Tensor(out, layout.outShape);
}
