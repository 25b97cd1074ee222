import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensorPair } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { reduceToShape } from '../gradient-shapes.js';
import { neg } from './neg.js';

interface SubAttrs {
  aShape: readonly number[];
  bShape: readonly number[];
}

/** `a - b` with broadcasting: the gradients are `gradOutput` and `-gradOutput`, summed to shape. */
class SubFunction extends Function {
  static override forward(ctx: FunctionCtx<SubAttrs>, a: Tensor, b: Tensor): Tensor {
    const output = kernels.sub(a, b);

    ctx.attrs.aShape = a.shape;
    ctx.attrs.bShape = b.shape;

    return output;
  }

  static override backward(ctx: FunctionCtx<SubAttrs>, gradOutput: Tensor): (Tensor | null)[] {
    const gradA = ctx.needsInputGrad[0] ? reduceToShape(gradOutput, ctx.attrs.aShape) : null;
    const gradB = ctx.needsInputGrad[1] ? reduceToShape(neg(gradOutput), ctx.attrs.bShape) : null;

    return [gradA, gradB];
  }
}

/**
 * Subtracts `b` from `a` elementwise, broadcasting like NumPy.
 *
 * @param a - Tensor or value of any shape.
 * @param b - Tensor or value whose shape broadcasts with `a`'s. A number keeps `a`'s dtype.
 * @returns A new tensor of the broadcast shape.
 * @throws Error when the shapes do not broadcast.
 * @example
 * ```ts
 * import { sub, tensor } from 'fusegrad';
 *
 * console.log(sub(tensor([5, 7]), 2).toArray()); // [ 3, 5 ]
 * ```
 */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  const [left, right] = asTensorPair(a, b);
  return SubFunction.apply(left, right);
}
