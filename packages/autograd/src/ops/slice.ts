import { kernels, type Tensor, type TensorLike, zeros } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';
import type { FunctionCtx } from '../function-ctx.js';
import { Function } from '../function.js';
import { concat } from './concat.js';

interface SliceAttrs {
  inputShape: readonly number[];
  begin: number[];
}

/**
 * A rectangular slice. The gradient is `gradOutput` padded with zeros back to the input's shape;
 * the padding is a concat with zero blocks, so it stays differentiable.
 */
class SliceFunction extends Function {
  static override forward(
    ctx: FunctionCtx<SliceAttrs>,
    x: Tensor,
    begin: readonly number[],
    size: readonly number[] | undefined,
  ): Tensor {
    const output = size === undefined ? kernels.slice(x, begin) : kernels.slice(x, begin, size);

    ctx.attrs.inputShape = x.shape;
    ctx.attrs.begin = x.shape.map((_, axis) => begin[axis] ?? 0);

    return output;
  }

  static override backward(ctx: FunctionCtx<SliceAttrs>, gradOutput: Tensor): (Tensor | null)[] {
    const { inputShape, begin } = ctx.attrs;

    let gradX = gradOutput;
    for (let axis = 0; axis < inputShape.length; axis++) {
      const before = begin[axis]!;
      const after = inputShape[axis]! - before - gradOutput.shape[axis]!;
      gradX = padAxis(gradX, axis, before, after);
    }

    return [gradX, null, null];
  }
}

function padAxis(values: Tensor, axis: number, before: number, after: number): Tensor {
  if (before === 0 && after === 0) return values;

  const zerosOfLength = (length: number): Tensor =>
    zeros(
      values.shape.map((dim, a) => (a === axis ? length : dim)),
      { dtype: values.dtype },
    );
  const parts: Tensor[] = [];
  if (before > 0) parts.push(zerosOfLength(before));
  parts.push(values);
  if (after > 0) parts.push(zerosOfLength(after));

  return concat(parts, axis);
}

/**
 * Extracts a rectangular block, with tfjs semantics: it starts at `begin` and spans `size`
 * elements per axis, where a size of -1 (or a missing size) extends to the end of that axis.
 *
 * @param x - Tensor or value of any shape.
 * @param begin - Start index per axis; missing trailing axes start at 0.
 * @param size - Length per axis, -1 for "to the end". Default: to the end on every axis.
 * @returns A new tensor holding a copy of the block.
 * @throws Error when the block does not fit inside `x`.
 * @example
 * ```ts
 * import { slice, tensor } from 'fusegrad';
 *
 * const x = tensor([[1, 2, 3], [4, 5, 6]]);
 * console.log(slice(x, [0, 1], [2, -1]).toArray()); // [ [ 2, 3 ], [ 5, 6 ] ]
 * ```
 */
export function slice(x: TensorLike, begin: readonly number[], size?: readonly number[]): Tensor {
  return SliceFunction.apply(asTensor(x), begin, size);
}
