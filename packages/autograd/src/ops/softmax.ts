import { kernels, normalizeAxis, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { releaseTemporaries } from '../gradient-shapes.js';
import { mul } from './mul.js';
import { sub } from './sub.js';
import { sum } from './sum.js';

interface SoftmaxAttrs {
  axis: number;
}

/**
 * Softmax along `axis`. The gradient is `output * (gradOutput - sum(gradOutput * output))`, from
 * the saved output; entries whose probability is exactly 0 get exactly 0.
 */
class SoftmaxFunction extends Function {
  static override forward(ctx: FunctionCtx<SoftmaxAttrs>, x: Tensor, axis: number): Tensor {
    const output = kernels.softmax(x, axis);

    ctx.saveForBackward(output);
    ctx.attrs.axis = normalizeAxis(axis, x.rank, 'softmax');

    return output;
  }

  static override backward(ctx: FunctionCtx<SoftmaxAttrs>, gradOutput: Tensor): (Tensor | null)[] {
    const [output] = ctx.savedTensors as [Tensor];

    const weighted = mul(gradOutput, output);
    const weightedSum = sum(weighted, ctx.attrs.axis, true);
    releaseTemporaries(weighted);
    const centered = sub(gradOutput, weightedSum);
    releaseTemporaries(weightedSum);
    const gradX = mul(output, centered);
    releaseTemporaries(centered);

    return [gradX, null];
  }
}

/**
 * Computes the softmax along an axis, stably (the maximum is subtracted first). `-Infinity`
 * entries get probability exactly 0.
 *
 * @param x - Logits, a tensor or value of any non-scalar shape.
 * @param axis - Axis to normalise over; negative counts from the end. Default -1.
 * @returns A new tensor of the same shape whose slices along `axis` sum to 1.
 * @throws Error when the axis is out of range.
 * @example
 * ```ts
 * import { softmax, tensor } from 'fusegrad';
 *
 * console.log(softmax(tensor([0, -Infinity])).toArray()); // [ 1, 0 ]
 * ```
 */
export function softmax(x: TensorLike, axis = -1): Tensor {
  return SoftmaxFunction.apply(asTensor(x), axis);
}
