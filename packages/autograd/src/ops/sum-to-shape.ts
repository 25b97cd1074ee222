import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { broadcastTo } from './broadcast-to.js';

interface SumToShapeAttrs {
  inputShape: readonly number[];
}

/** Sum over broadcast dimensions, the adjoint of broadcastTo: the gradient broadcasts `gradOutput` back. */
class SumToShapeFunction extends Function {
  static override forward(ctx: FunctionCtx<SumToShapeAttrs>, x: Tensor, shape: readonly number[]): Tensor {
    const output = kernels.sumToShape(x, shape);

    ctx.attrs.inputShape = x.shape;

    return output;
  }

  static override backward(ctx: FunctionCtx<SumToShapeAttrs>, gradOutput: Tensor): (Tensor | null)[] {
    return [broadcastTo(gradOutput, ctx.attrs.inputShape), null];
  }
}

/**
 * Sums away the dimensions that broadcasting would add to go from `shape` to `x`'s shape: the
 * reduction that turns the gradient of a broadcast result into the gradient of the operand.
 *
 * @param x - Tensor or value whose shape `shape` broadcasts to.
 * @param shape - Target shape, for example `[4]` or `[1, 4]` for an `x` of shape `[3, 4]`.
 * @returns A new tensor of `shape`.
 * @throws Error when `shape` does not broadcast to `x`'s shape.
 * @example
 * ```ts
 * import { ones, sumToShape } from 'fusegrad';
 *
 * console.log(sumToShape(ones([3, 4]), [1, 4]).toArray()); // [ [ 3, 3, 3, 3 ] ]
 * ```
 */
export function sumToShape(x: TensorLike, shape: readonly number[]): Tensor {
  return SumToShapeFunction.apply(asTensor(x), shape);
}
