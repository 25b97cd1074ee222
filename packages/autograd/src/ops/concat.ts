import { kernels, normalizeAxis, Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { slice } from './slice.js';

interface ConcatAttrs {
  axis: number;
  inputShapes: (readonly number[])[];
}

/** Concatenation along `axis`: each input's gradient is its slice of `gradOutput`. */
class ConcatFunction extends Function {
  static override forward(ctx: FunctionCtx<ConcatAttrs>, axis: number, ...tensors: Tensor[]): Tensor {
    const output = kernels.concat(tensors, axis);

    ctx.attrs.axis = normalizeAxis(axis, output.rank, 'concat');
    ctx.attrs.inputShapes = tensors.map((part) => part.shape);

    return output;
  }

  static override backward(ctx: FunctionCtx<ConcatAttrs>, gradOutput: Tensor): (Tensor | null)[] {
    const { axis, inputShapes } = ctx.attrs;

    let offset = 0;
    const gradients = inputShapes.map((shape, index) => {
      const begin = shape.map((_, a) => (a === axis ? offset : 0));
      offset += shape[axis]!;
      return ctx.needsInputGrad[index + 1] ? slice(gradOutput, begin, shape) : null;
    });

    return [null, ...gradients];
  }
}

/**
 * Joins tensors along an existing axis.
 *
 * @param tensors - At least one tensor or value; all dimensions except `axis` must match. Numbers
 *   and arrays get the dtype of the first tensor in the list.
 * @param axis - Axis to join along; negative counts from the end. Default 0.
 * @returns A new tensor whose `axis` dimension is the sum of the inputs'.
 * @throws Error when the list is empty or the other dimensions differ.
 * @example
 * ```ts
 * import { concat, tensor } from 'fusegrad';
 *
 * console.log(concat([tensor([[1, 2]]), tensor([[3, 4]])], 0).toArray()); // [ [ 1, 2 ], [ 3, 4 ] ]
 * ```
 */
export function concat(tensors: readonly TensorLike[], axis = 0): Tensor {
  const dtype = tensors.find((part): part is Tensor => part instanceof Tensor)?.dtype;
  return ConcatFunction.apply(axis, ...tensors.map((part) => asTensor(part, dtype)));
}
