import { kernels, normalizeAxis, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { releaseTemporaries } from '../gradient-shapes.js';
import { exp } from './exp.js';
import { mul } from './mul.js';
import { sub } from './sub.js';
import { sum } from './sum.js';

interface LogSoftmaxAttrs {
  axis: number;
}

/**
 * Log-softmax along `axis`. The gradient is `gradOutput - exp(output) * sum(gradOutput)`, from
 * the saved output. At a `-Infinity` logit `exp(output)` is exactly 0, so the gradient there is
 * `gradOutput` itself: finite, and 0 when nothing downstream uses that entry.
 */
class LogSoftmaxFunction extends Function {
  static override forward(ctx: FunctionCtx<LogSoftmaxAttrs>, x: Tensor, axis: number): Tensor {
    const output = kernels.logSoftmax(x, axis);

    ctx.saveForBackward(output);
    ctx.attrs.axis = normalizeAxis(axis, x.rank, 'logSoftmax');

    return output;
  }

  static override backward(ctx: FunctionCtx<LogSoftmaxAttrs>, gradOutput: Tensor): (Tensor | null)[] {
    const [output] = ctx.savedTensors as [Tensor];

    const gradSum = sum(gradOutput, ctx.attrs.axis, true);
    const probabilities = exp(output);
    const scaled = mul(probabilities, gradSum);
    releaseTemporaries(probabilities, gradSum);
    const gradX = sub(gradOutput, scaled);
    releaseTemporaries(scaled);

    return [gradX, null];
  }
}

/**
 * Computes log-probabilities along an axis: `x - logsumexp(x)`, stably. A `-Infinity` logit gives
 * exactly `-Infinity` (`logSoftmax([0, -Infinity])` is `[0, -Infinity]`) and a finite gradient.
 *
 * @param x - Logits, a tensor or value of any non-scalar shape, for example `[batch, vocabSize]`.
 * @param axis - Axis to normalise over; negative counts from the end. Default -1.
 * @returns A new tensor of the same shape whose slices along `axis` exponentiate and sum to 1.
 * @throws Error when the axis is out of range.
 * @example
 * ```ts
 * import { logSoftmax, tensor } from 'fusegrad';
 *
 * console.log(logSoftmax(tensor([0, -Infinity])).toArray()); // [ 0, -Infinity ]
 * ```
 */
export function logSoftmax(x: TensorLike, axis = -1): Tensor {
  return LogSoftmaxFunction.apply(asTensor(x), axis);
}
