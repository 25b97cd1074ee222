import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { gather } from './gather.js';

/** Scatter-add along the last axis, the adjoint of gather: the gradient of `values` gathers `gradOutput`. */
class ScatterAddFunction extends Function {
  static override forward(ctx: FunctionCtx, shape: readonly number[], indices: Tensor, values: Tensor): Tensor {
    const output = kernels.scatterAdd(shape, indices, values);

    ctx.saveForBackward(indices);

    return output;
  }

  static override backward(ctx: FunctionCtx, gradOutput: Tensor): (Tensor | null)[] {
    const [indices] = ctx.savedTensors as [Tensor];

    const gradValues = gather(gradOutput, indices);

    return [null, null, gradValues];
  }
}

/**
 * Adds `values` into a zero tensor of `shape` along the last axis: `output[..., indices[..., j]]
 * += values[..., j]`. It is the adjoint of {@link gather}.
 *
 * @param shape - Shape of the result, `[...lead, n]`.
 * @param indices - Integer positions in `[0, n)`, shape `[...lead, k]`; repeated indices add up.
 * @param values - Tensor or value of the same shape as `indices`.
 * @returns A new tensor of `shape`.
 * @throws Error when the shapes do not match or an index is out of range.
 * @example
 * ```ts
 * import { scatterAdd, tensor } from 'fusegrad';
 *
 * console.log(scatterAdd([1, 3], tensor([[2, 2]]), tensor([[1, 4]])).toArray()); // [ [ 0, 0, 5 ] ]
 * ```
 */
export function scatterAdd(shape: readonly number[], indices: TensorLike, values: TensorLike): Tensor {
  return ScatterAddFunction.apply(shape, asTensor(indices), asTensor(values));
}
