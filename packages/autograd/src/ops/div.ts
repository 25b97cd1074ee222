import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensorPair } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { mulUnlessZero, reduceToShape } from '../gradient-shapes.js';
import { neg } from './neg.js';

/**
 * `a / b` with broadcasting. The gradients are `gradOutput / b` and `-gradOutput * a / b^2`;
 * where `gradOutput` is 0 they are exactly 0, even where `b` is 0.
 */
class DivFunction extends Function {
  static override forward(ctx: FunctionCtx, a: Tensor, b: Tensor): Tensor {
    const output = kernels.div(a, b);

    ctx.saveForBackward(a, b);

    return output;
  }

  static override backward(ctx: FunctionCtx, gradOutput: Tensor): (Tensor | null)[] {
    const [a, b] = ctx.savedTensors as [Tensor, Tensor];

    const gradA = ctx.needsInputGrad[0] ? reduceToShape(mulUnlessZero(gradOutput, div(1, b)), a.shape) : null;
    const gradB = ctx.needsInputGrad[1]
      ? reduceToShape(mulUnlessZero(gradOutput, neg(div(div(a, b), b))), b.shape)
      : null;

    return [gradA, gradB];
  }
}

/**
 * Divides `a` by `b` elementwise, broadcasting like NumPy. Division by zero gives `Infinity` or
 * `NaN` as in IEEE 754, but a zero upstream gradient (such as from the unselected branch of
 * `where`) gives a gradient of exactly 0.
 *
 * @param a - Dividend, a tensor or value of any shape.
 * @param b - Divisor, whose shape broadcasts with `a`'s. A number keeps `a`'s dtype.
 * @returns A new tensor of the broadcast shape.
 * @throws Error when the shapes do not broadcast.
 * @example
 * ```ts
 * import { div, tensor } from 'fusegrad';
 *
 * console.log(div(tensor([1, 3]), 2).toArray()); // [ 0.5, 1.5 ]
 * ```
 */
export function div(a: TensorLike, b: TensorLike): Tensor {
  const [left, right] = asTensorPair(a, b);
  return DivFunction.apply(left, right);
}
