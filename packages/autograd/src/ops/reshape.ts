import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';

interface ReshapeAttrs {
  inputShape: readonly number[];
}

/** Reshape: the gradient is `gradOutput` reshaped back to the input's shape. */
class ReshapeFunction extends Function {
  static override forward(ctx: FunctionCtx<ReshapeAttrs>, x: Tensor, shape: readonly number[]): Tensor {
    const output = kernels.reshape(x, shape);

    ctx.attrs.inputShape = x.shape;

    return output;
  }

  static override backward(ctx: FunctionCtx<ReshapeAttrs>, gradOutput: Tensor): (Tensor | null)[] {
    return [reshape(gradOutput, ctx.attrs.inputShape), null];
  }
}

/**
 * Gives the elements a new shape with the same number of elements, in row-major order.
 *
 * @param x - Tensor or value of any shape.
 * @param shape - New dimensions; one of them may be -1 to infer it from the element count.
 * @returns A new tensor with the new shape and a copy of the values.
 * @throws Error when the element counts differ or more than one dimension is -1.
 * @example
 * ```ts
 * import { reshape, tensor } from 'fusegrad';
 *
 * console.log(reshape(tensor([1, 2, 3, 4]), [2, -1]).toArray()); // [ [ 1, 2 ], [ 3, 4 ] ]
 * ```
 */
export function reshape(x: TensorLike, shape: readonly number[]): Tensor {
  return ReshapeFunction.apply(asTensor(x), shape);
}
