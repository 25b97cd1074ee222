import { kernels, normalizeAxis, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';

interface PermuteAttrs {
  inverse: number[];
}

/** Axis permutation: the gradient is `gradOutput` permuted by the inverse permutation. */
class PermuteFunction extends Function {
  static override forward(ctx: FunctionCtx<PermuteAttrs>, x: Tensor, dims: readonly number[]): Tensor {
    const output = kernels.permute(x, dims);

    const inverse = new Array<number>(dims.length);
    dims.forEach((dim, axis) => {
      inverse[normalizeAxis(dim, x.rank, 'permute')] = axis;
    });
    ctx.attrs.inverse = inverse;

    return output;
  }

  static override backward(ctx: FunctionCtx<PermuteAttrs>, gradOutput: Tensor): (Tensor | null)[] {
    return [permute(gradOutput, ctx.attrs.inverse), null];
  }
}

/**
 * Reorders the axes: output axis `i` is input axis `dims[i]`, like `torch.permute`.
 *
 * @param x - Tensor or value of any shape.
 * @param dims - A permutation of the axes `0 .. rank - 1` (negative values count from the end).
 * @returns A new tensor with shape `dims.map((d) => x.shape[d])`.
 * @throws Error when `dims` is not a permutation of the axes.
 * @example
 * ```ts
 * import { permute, zeros } from 'fusegrad';
 *
 * console.log(permute(zeros([2, 3, 4]), [2, 0, 1]).shape); // [ 4, 2, 3 ]
 * ```
 */
export function permute(x: TensorLike, dims: readonly number[]): Tensor {
  return PermuteFunction.apply(asTensor(x), dims);
}
