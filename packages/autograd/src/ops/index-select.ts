import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { indexAdd } from './index-add.js';

interface IndexSelectAttrs {
  inputShape: readonly number[];
  axis: number;
}

/** Selection of slices along `axis`: the gradient adds each slice of `gradOutput` back at its index. */
class IndexSelectFunction extends Function {
  static override forward(ctx: FunctionCtx<IndexSelectAttrs>, x: Tensor, indices: Tensor, axis: number): Tensor {
    const output = kernels.indexSelect(x, indices, axis);

    ctx.saveForBackward(indices);
    ctx.attrs.inputShape = x.shape;
    ctx.attrs.axis = axis;

    return output;
  }

  static override backward(ctx: FunctionCtx<IndexSelectAttrs>, gradOutput: Tensor): (Tensor | null)[] {
    const [indices] = ctx.savedTensors as [Tensor];

    const gradX = indexAdd(ctx.attrs.inputShape, indices, gradOutput, ctx.attrs.axis);

    return [gradX, null, null];
  }
}

/**
 * Selects whole slices along an axis, like `torch.index_select`, for example rows of an
 * embedding table.
 *
 * @param x - Tensor or value of any non-scalar shape.
 * @param indices - 1-D integer positions along `axis`; they may repeat.
 * @param axis - Axis to index; negative counts from the end. Default 0.
 * @returns A new tensor with `x`'s shape, except `indices.size` along `axis`.
 * @throws Error when an index is out of range or `indices` is not 1-D.
 * @example
 * ```ts
 * import { indexSelect, tensor } from 'fusegrad';
 *
 * const table = tensor([[1, 2], [3, 4], [5, 6]]);
 * console.log(indexSelect(table, tensor([2, 0])).toArray()); // [ [ 5, 6 ], [ 1, 2 ] ]
 * ```
 */
export function indexSelect(x: TensorLike, indices: TensorLike, axis = 0): Tensor {
  return IndexSelectFunction.apply(asTensor(x), asTensor(indices), axis);
}
