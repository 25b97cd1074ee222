import { type DType, kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';

interface CastAttrs {
  inputDType: DType;
}

/** Converts the element type; the gradient is converted back to the input's dtype. */
class CastFunction extends Function {
  static override forward(ctx: FunctionCtx<CastAttrs>, x: Tensor, dtype: DType): Tensor {
    const output = kernels.cast(x, dtype);

    ctx.attrs.inputDType = x.dtype;

    return output;
  }

  static override backward(ctx: FunctionCtx<CastAttrs>, gradOutput: Tensor): (Tensor | null)[] {
    return [cast(gradOutput, ctx.attrs.inputDType), null];
  }
}

/**
 * Converts a tensor to another element type, always into fresh storage.
 *
 * @param x - Tensor or value of any shape.
 * @param dtype - `'float32'` or `'float64'`.
 * @returns A new tensor of the same shape with the requested dtype.
 * @throws Error when `dtype` is not a supported element type.
 * @example
 * ```ts
 * import { cast, tensor } from 'fusegrad';
 *
 * console.log(cast(tensor([0.1]), 'float64').dtype); // float64
 * ```
 */
export function cast(x: TensorLike, dtype: DType): Tensor {
  return CastFunction.apply(asTensor(x), dtype);
}
