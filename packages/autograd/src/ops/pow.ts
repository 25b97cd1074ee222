import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensorPair, scalar } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { mulUnlessZero, reduceToShape } from '../gradient-shapes.js';
import { log } from './log.js';
import { mul } from './mul.js';
import { sub } from './sub.js';
import { where } from './where.js';

/**
 * `base ** exponent` with broadcasting.
 *
 * d/dbase is `exponent * base^(exponent - 1)`, defined as 0 where the exponent is 0 (so `x^0` has
 * derivative 0 at `x = 0`, not `0 * Infinity`). d/dexponent is `output * log(base)`, defined as 0
 * where the base is 0 and the exponent is non-negative, the limit of `x^b * log(x)` as x goes to 0.
 */
class PowFunction extends Function {
  static override forward(ctx: FunctionCtx, base: Tensor, exponent: Tensor): Tensor {
    const output = kernels.pow(base, exponent);

    ctx.saveForBackward(base, exponent, output);

    return output;
  }

  static override backward(ctx: FunctionCtx, gradOutput: Tensor): (Tensor | null)[] {
    const [base, exponent, output] = ctx.savedTensors as [Tensor, Tensor, Tensor];
    const zero = scalar(0, output.dtype);

    let gradBase: Tensor | null = null;
    if (ctx.needsInputGrad[0]) {
      const isZeroExponent = kernels.equal(exponent, zero);
      const derivative = where(isZeroExponent, zero, mul(exponent, pow(base, sub(exponent, 1))));
      gradBase = reduceToShape(mulUnlessZero(gradOutput, derivative), base.shape);
    }

    let gradExponent: Tensor | null = null;
    if (ctx.needsInputGrad[1]) {
      const atZeroLimit = kernels.mul(kernels.equal(base, zero), kernels.greaterEqual(exponent, zero));
      const derivative = where(atZeroLimit, zero, mul(output, log(base)));
      gradExponent = reduceToShape(mulUnlessZero(gradOutput, derivative), exponent.shape);
    }

    return [gradBase, gradExponent];
  }
}

/**
 * Raises `base` to the power `exponent` elementwise, broadcasting like NumPy.
 *
 * The gradient is finite wherever the derivative exists: d(x^2)/dx at 0 is 0, d(x^0)/dx is 0
 * everywhere, and integer exponents of negative bases work (d(x^3)/dx at -2 is 12). A negative
 * base with a non-integer exponent gives `NaN`, as `Math.pow` does.
 *
 * @param base - Tensor or value of any shape.
 * @param exponent - Tensor or value whose shape broadcasts with `base`'s. A number keeps `base`'s dtype.
 * @returns A new tensor of the broadcast shape.
 * @throws Error when the shapes do not broadcast.
 * @example
 * ```ts
 * import { pow, tensor } from 'fusegrad';
 *
 * const x = tensor([-2, 0, 3], { requiresGrad: true });
 * pow(x, 3).sum().backward();
 * console.log(x.grad?.toArray()); // [ 12, 0, 27 ]
 * ```
 */
export function pow(base: TensorLike, exponent: TensorLike): Tensor {
  const [left, right] = asTensorPair(base, exponent);
  return PowFunction.apply(left, right);
}
