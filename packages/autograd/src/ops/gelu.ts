import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { add } from './add.js';
import { erf } from './erf.js';
import { exp } from './exp.js';
import { mul } from './mul.js';

const inverseSqrtTwo = Math.SQRT1_2;
const inverseSqrtTwoPi = 1 / Math.sqrt(2 * Math.PI);

/**
 * Exact GELU `x * Phi(x)`, with Phi the standard normal CDF. The gradient is
 * `gradOutput * (Phi(x) + x * phi(x))`, with phi the standard normal density.
 */
class GeluFunction extends Function {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    const output = kernels.gelu(x);

    ctx.saveForBackward(x);

    return output;
  }

  static override backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
    const [x] = ctx.savedTensors as [Tensor];

    const cdf = mul(add(erf(mul(x, inverseSqrtTwo)), 1), 0.5);
    const density = mul(exp(mul(mul(x, x), -0.5)), inverseSqrtTwoPi);
    const derivative = add(cdf, mul(x, density));

    return mul(gradOutput, derivative);
  }
}

/**
 * Applies the exact Gaussian error linear unit `0.5 * x * (1 + erf(x / sqrt(2)))` to every element,
 * like PyTorch's default `gelu` (not the tanh approximation).
 *
 * @param x - Tensor or value of any shape.
 * @returns A new tensor of the same shape.
 * @example
 * ```ts
 * import { gelu, tensor } from 'fusegrad';
 *
 * console.log(gelu(tensor([0])).toArray()); // [ 0 ]
 * ```
 */
export function gelu(x: TensorLike): Tensor {
  return GeluFunction.apply(asTensor(x));
}
