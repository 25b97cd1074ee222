import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { indexSelect } from './index-select.js';

interface IndexAddAttrs {
  axis: number;
}

/** Index-add along `axis`, the adjoint of indexSelect: the gradient of `values` selects from `gradOutput`. */
class IndexAddFunction extends Function {
  static override forward(
    ctx: FunctionCtx<IndexAddAttrs>,
    shape: readonly number[],
    indices: Tensor,
    values: Tensor,
    axis: number,
  ): Tensor {
    const output = kernels.indexAdd(shape, indices, values, axis);

    ctx.saveForBackward(indices);
    ctx.attrs.axis = axis;

    return output;
  }

  static override backward(ctx: FunctionCtx<IndexAddAttrs>, gradOutput: Tensor): (Tensor | null)[] {
    const [indices] = ctx.savedTensors as [Tensor];

    const gradValues = indexSelect(gradOutput, indices, ctx.attrs.axis);

    return [null, null, gradValues, null];
  }
}

/**
 * Adds slice `i` of `values` into slice `indices[i]` of a zero tensor of `shape` along `axis`,
 * like `torch.index_add`. It is the adjoint of {@link indexSelect}.
 *
 * @param shape - Shape of the result.
 * @param indices - 1-D integer positions along `axis`; repeated positions add up.
 * @param values - Tensor or value with `shape`, except `indices.size` along `axis`.
 * @param axis - Axis to index; negative counts from the end. Default 0.
 * @returns A new tensor of `shape`.
 * @throws Error when the shapes do not match or an index is out of range.
 * @example
 * ```ts
 * import { indexAdd, tensor } from 'fusegrad';
 *
 * console.log(indexAdd([3], tensor([0, 0, 2]), tensor([1, 2, 3])).toArray()); // [ 3, 0, 3 ]
 * ```
 */
export function indexAdd(shape: readonly number[], indices: TensorLike, values: TensorLike, axis = 0): Tensor {
  return IndexAddFunction.apply(shape, asTensor(indices), asTensor(values), axis);
}
