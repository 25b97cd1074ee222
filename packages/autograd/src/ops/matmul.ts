import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensorPair } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { reduceToShape } from '../gradient-shapes.js';
import { transpose } from './transpose.js';

/**
 * Batched matrix product `[..., n, k] x [..., k, m]`. The gradients are `gradOutput x b^T` and
 * `a^T x gradOutput`, summed over the batch dimensions that broadcasting added to each input.
 */
class MatMulFunction extends Function {
  static override forward(ctx: FunctionCtx, a: Tensor, b: Tensor): Tensor {
    const output = kernels.matmul(a, b);

    ctx.saveForBackward(a, b);

    return output;
  }

  static override backward(ctx: FunctionCtx, gradOutput: Tensor): (Tensor | null)[] {
    const [a, b] = ctx.savedTensors as [Tensor, Tensor];

    const gradA = ctx.needsInputGrad[0] ? reduceToShape(matmul(gradOutput, transpose(b)), a.shape) : null;
    const gradB = ctx.needsInputGrad[1] ? reduceToShape(matmul(transpose(a), gradOutput), b.shape) : null;

    return [gradA, gradB];
  }
}

/**
 * Multiplies matrices: `[..., n, k] x [..., k, m]` gives `[..., n, m]`, with the batch dimensions
 * broadcast like NumPy (so `[2, 2, 2] x [2, 2]` multiplies each batch by the same matrix).
 *
 * @param a - Left operand with shape `[..., n, k]`, rank at least 2.
 * @param b - Right operand with shape `[..., k, m]`, rank at least 2.
 * @returns A new tensor of shape `[...batch, n, m]`.
 * @throws Error when the inner dimensions differ or the batch dimensions do not broadcast.
 * @example
 * ```ts
 * import { matmul, tensor } from 'fusegrad';
 *
 * console.log(matmul(tensor([[1, 2]]), tensor([[3], [4]])).toArray()); // [ [ 11 ] ]
 * ```
 */
export function matmul(a: TensorLike, b: TensorLike): Tensor {
  const [left, right] = asTensorPair(a, b);
  return MatMulFunction.apply(left, right);
}
