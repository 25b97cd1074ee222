import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensorPair, scalar } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { reduceToShape } from '../gradient-shapes.js';
import { mul } from './mul.js';

/**
 * Elementwise minimum with broadcasting. The gradient goes to the smaller input; on a tie each
 * input gets half, as in PyTorch's `torch.minimum`.
 */
class MinimumFunction extends Function {
  static override forward(ctx: FunctionCtx, a: Tensor, b: Tensor): Tensor {
    const output = kernels.minimum(a, b);

    ctx.saveForBackward(a, b);

    return output;
  }

  static override backward(ctx: FunctionCtx, gradOutput: Tensor): (Tensor | null)[] {
    const [a, b] = ctx.savedTensors as [Tensor, Tensor];
    const half = scalar(0.5, gradOutput.dtype);
    const shareOfA = kernels.add(kernels.less(a, b), kernels.mul(kernels.equal(a, b), half));
    const shareOfB = kernels.sub(scalar(1, gradOutput.dtype), shareOfA);

    const gradA = ctx.needsInputGrad[0] ? reduceToShape(mul(gradOutput, shareOfA), a.shape) : null;
    const gradB = ctx.needsInputGrad[1] ? reduceToShape(mul(gradOutput, shareOfB), b.shape) : null;

    return [gradA, gradB];
  }
}

/**
 * Takes the elementwise minimum of two tensors, broadcasting like NumPy. Where the inputs are
 * equal, each receives half of the gradient.
 *
 * @param a - Tensor or value of any shape.
 * @param b - Tensor or value whose shape broadcasts with `a`'s. A number keeps `a`'s dtype.
 * @returns A new tensor of the broadcast shape.
 * @throws Error when the shapes do not broadcast.
 * @example
 * ```ts
 * import { minimum, tensor } from 'fusegrad';
 *
 * console.log(minimum(tensor([1, 5]), 3).toArray()); // [ 1, 3 ]
 * ```
 */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  const [left, right] = asTensorPair(a, b);
  return MinimumFunction.apply(left, right);
}
