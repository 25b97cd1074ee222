import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensorPair } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { reduceToShape } from '../gradient-shapes.js';

interface AddAttrs {
  aShape: readonly number[];
  bShape: readonly number[];
}

/** `a + b` with broadcasting; each input's gradient is `gradOutput` summed to its shape. */
class AddFunction extends Function {
  static override forward(ctx: FunctionCtx<AddAttrs>, a: Tensor, b: Tensor): Tensor {
    const output = kernels.add(a, b);

    ctx.attrs.aShape = a.shape;
    ctx.attrs.bShape = b.shape;

    return output;
  }

  static override backward(ctx: FunctionCtx<AddAttrs>, gradOutput: Tensor): (Tensor | null)[] {
    const gradA = ctx.needsInputGrad[0] ? reduceToShape(gradOutput, ctx.attrs.aShape) : null;
    const gradB = ctx.needsInputGrad[1] ? reduceToShape(gradOutput, ctx.attrs.bShape) : null;

    return [gradA, gradB];
  }
}

/**
 * Adds two tensors elementwise, broadcasting like NumPy.
 *
 * @param a - Tensor or value of any shape.
 * @param b - Tensor or value whose shape broadcasts with `a`'s. A number keeps `a`'s dtype.
 * @returns A new tensor of the broadcast shape.
 * @throws Error when the shapes do not broadcast.
 * @example
 * ```ts
 * import { add, tensor } from 'fusegrad';
 *
 * const y = add(tensor([[1, 2], [3, 4]]), tensor([10, 20]));
 * console.log(y.toArray()); // [ [ 11, 22 ], [ 13, 24 ] ]
 * ```
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  const [left, right] = asTensorPair(a, b);
  return AddFunction.apply(left, right);
}
