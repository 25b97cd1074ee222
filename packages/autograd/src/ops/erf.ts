import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { exp } from './exp.js';
import { mul } from './mul.js';
import { neg } from './neg.js';

const twoOverSqrtPi = 2 / Math.sqrt(Math.PI);

/** The error function: the gradient is `gradOutput * 2 / sqrt(pi) * exp(-x^2)`. */
class ErfFunction extends Function {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    const output = kernels.erf(x);

    ctx.saveForBackward(x);

    return output;
  }

  static override backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
    const [x] = ctx.savedTensors as [Tensor];

    return mul(gradOutput, mul(exp(neg(mul(x, x))), twoOverSqrtPi));
  }
}

/**
 * Computes the Gauss error function of every element.
 *
 * @param x - Tensor or value of any shape.
 * @returns A new tensor of the same shape, with values in [-1, 1].
 * @example
 * ```ts
 * import { erf, tensor } from 'fusegrad';
 *
 * console.log(erf(tensor([0])).toArray()); // [ 0 ]
 * ```
 */
export function erf(x: TensorLike): Tensor {
  return ErfFunction.apply(asTensor(x));
}
