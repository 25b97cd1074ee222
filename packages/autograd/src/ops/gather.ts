import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { scatterAdd } from './scatter-add.js';

interface GatherAttrs {
  inputShape: readonly number[];
}

/** Gather along the last axis: the gradient scatters `gradOutput` back, adding at repeated indices. */
class GatherFunction extends Function {
  static override forward(ctx: FunctionCtx<GatherAttrs>, x: Tensor, indices: Tensor): Tensor {
    const output = kernels.gather(x, indices);

    ctx.saveForBackward(indices);
    ctx.attrs.inputShape = x.shape;

    return output;
  }

  static override backward(ctx: FunctionCtx<GatherAttrs>, gradOutput: Tensor): (Tensor | null)[] {
    const [indices] = ctx.savedTensors as [Tensor];

    const gradX = scatterAdd(ctx.attrs.inputShape, indices, gradOutput);

    return [gradX, null];
  }
}

/**
 * Picks elements along the last axis, like `torch.gather(x, -1, indices)`: `output[..., j]` is
 * `x[..., indices[..., j]]`.
 *
 * @param x - Tensor or value of shape `[...lead, n]`.
 * @param indices - Integer positions in `[0, n)`, shape `[...lead, k]`. They receive no gradient.
 * @returns A new tensor of shape `[...lead, k]`.
 * @throws Error when the leading dimensions differ or an index is out of range.
 * @example
 * ```ts
 * import { gather, tensor } from 'fusegrad';
 *
 * const logProbs = tensor([[-0.1, -2.3], [-1.2, -0.4]]);
 * console.log(gather(logProbs, tensor([[1], [0]])).toArray()); // [ [ -2.299999952316284 ], [ -1.2000000476837158 ] ]
 * ```
 */
export function gather(x: TensorLike, indices: TensorLike): Tensor {
  return GatherFunction.apply(asTensor(x), asTensor(indices));
}
