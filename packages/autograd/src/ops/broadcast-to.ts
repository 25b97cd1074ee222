import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { sumToShape } from './sum-to-shape.js';

interface BroadcastToAttrs {
  inputShape: readonly number[];
}

/** Broadcast to a larger shape: the gradient sums `gradOutput` back to the input's shape. */
class BroadcastToFunction extends Function {
  static override forward(ctx: FunctionCtx<BroadcastToAttrs>, x: Tensor, shape: readonly number[]): Tensor {
    const output = kernels.broadcastTo(x, shape);

    ctx.attrs.inputShape = x.shape;

    return output;
  }

  static override backward(ctx: FunctionCtx<BroadcastToAttrs>, gradOutput: Tensor): (Tensor | null)[] {
    return [sumToShape(gradOutput, ctx.attrs.inputShape), null];
  }
}

/**
 * Repeats a tensor along size-1 and missing leading dimensions to reach `shape`, like NumPy
 * broadcasting, into fresh storage.
 *
 * @param x - Tensor or value whose shape broadcasts to `shape`.
 * @param shape - Target shape.
 * @returns A new tensor of `shape`.
 * @throws Error when `x`'s shape does not broadcast to `shape`.
 * @example
 * ```ts
 * import { broadcastTo, tensor } from 'fusegrad';
 *
 * console.log(broadcastTo(tensor([1, 2]), [2, 2]).toArray()); // [ [ 1, 2 ], [ 1, 2 ] ]
 * ```
 */
export function broadcastTo(x: TensorLike, shape: readonly number[]): Tensor {
  return BroadcastToFunction.apply(asTensor(x), shape);
}
