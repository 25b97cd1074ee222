import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensorPair } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { reduceToShape } from '../gradient-shapes.js';

/** `a * b` with broadcasting: the gradient of `a` is `gradOutput * b` summed to `a`'s shape. */
class MulFunction extends Function {
  static override forward(ctx: FunctionCtx, a: Tensor, b: Tensor): Tensor {
    const output = kernels.mul(a, b);

    ctx.saveForBackward(a, b);

    return output;
  }

  static override backward(ctx: FunctionCtx, gradOutput: Tensor): (Tensor | null)[] {
    const [a, b] = ctx.savedTensors as [Tensor, Tensor];

    const gradA = ctx.needsInputGrad[0] ? reduceToShape(mul(gradOutput, b), a.shape) : null;
    const gradB = ctx.needsInputGrad[1] ? reduceToShape(mul(gradOutput, a), b.shape) : null;

    return [gradA, gradB];
  }
}

/**
 * Multiplies two tensors elementwise, broadcasting like NumPy.
 *
 * @param a - Tensor or value of any shape.
 * @param b - Tensor or value whose shape broadcasts with `a`'s. A number keeps `a`'s dtype.
 * @returns A new tensor of the broadcast shape.
 * @throws Error when the shapes do not broadcast.
 * @example
 * ```ts
 * import { mul, tensor } from 'fusegrad';
 *
 * console.log(mul(tensor([1, 2, 3]), 2).toArray()); // [ 2, 4, 6 ]
 * ```
 */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  const [left, right] = asTensorPair(a, b);
  return MulFunction.apply(left, right);
}
