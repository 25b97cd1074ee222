import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor, asTensorPair, scalar } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { reduceToShape } from '../gradient-shapes.js';

interface WhereAttrs {
  aShape: readonly number[];
  bShape: readonly number[];
}

/**
 * `condition ? a : b` elementwise with broadcasting. Each branch's gradient is `gradOutput` where
 * it was selected and exactly 0 elsewhere; the condition gets no gradient.
 */
class WhereFunction extends Function {
  static override forward(ctx: FunctionCtx<WhereAttrs>, condition: Tensor, a: Tensor, b: Tensor): Tensor {
    const output = kernels.where(condition, a, b);

    ctx.saveForBackward(condition);
    ctx.attrs.aShape = a.shape;
    ctx.attrs.bShape = b.shape;

    return output;
  }

  static override backward(ctx: FunctionCtx<WhereAttrs>, gradOutput: Tensor): (Tensor | null)[] {
    const [condition] = ctx.savedTensors as [Tensor];
    const zero = scalar(0, gradOutput.dtype);

    const gradA = ctx.needsInputGrad[1] ? reduceToShape(where(condition, gradOutput, zero), ctx.attrs.aShape) : null;
    const gradB = ctx.needsInputGrad[2] ? reduceToShape(where(condition, zero, gradOutput), ctx.attrs.bShape) : null;

    return [null, gradA, gradB];
  }
}

/**
 * Selects elementwise from `a` where `condition` is non-zero and from `b` elsewhere, broadcasting
 * all three like NumPy. The branch that was not selected receives a gradient of exactly 0 there,
 * and ops before it keep that 0 (so `where(mask, x.div(0), y)` gives `x` a zero gradient, not NaN).
 *
 * @param condition - Mask of 1 (select `a`) and 0 (select `b`), such as a comparison result.
 * @param a - Values where the condition holds.
 * @param b - Values elsewhere. A number keeps the tensor branch's dtype.
 * @returns A new tensor of the broadcast shape of the three.
 * @throws Error when the shapes do not broadcast.
 * @example
 * ```ts
 * import { greater, tensor, where } from 'fusegrad';
 *
 * const x = tensor([-1, 2, -3]);
 * console.log(where(greater(x, 0), x, 0).toArray()); // [ 0, 2, 0 ]
 * ```
 */
export function where(condition: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const [left, right] = asTensorPair(a, b);
  return WhereFunction.apply(asTensor(condition, left.dtype), left, right);
}
