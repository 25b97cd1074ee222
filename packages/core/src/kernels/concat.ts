import { normalizeAxis } from '../shape/axes.js';
import { formatShape } from '../shape/format-shape.js';
import { Tensor } from '../tensor.js';
import { allocate, requireTensor, resultDType } from './helpers/operands.js';

/**
 * Joins tensors along an existing axis.
 *
 * @param tensors - One or more tensors of equal rank whose shapes agree except along `axis`.
 * @param axis - Axis to join along (negative counts from the end). Default: 0.
 * @returns A new tensor whose `axis` dimension is the sum of the inputs'; float64 if any input is.
 * @throws Error when the list is empty, ranks differ, or another dimension differs.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * const joined = kernels.concat([tensor([[1, 2]]), tensor([[3, 4], [5, 6]])], 0);
 * console.log(joined.toArray()); // [ [ 1, 2 ], [ 3, 4 ], [ 5, 6 ] ]
 * ```
 */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new Error('concat: expected a non-empty array of tensors');
  }
  tensors.forEach((t, index) => requireTensor('concat', `tensors[${index}]`, t));
  const first = tensors[0]!;
  const joinAxis = normalizeAxis(axis, first.rank, 'concat');
  checkShapes(tensors, joinAxis);

  let outer = 1;
  for (let a = 0; a < joinAxis; a++) outer *= first.shape[a]!;
  let inner = 1;
  for (let a = joinAxis + 1; a < first.rank; a++) inner *= first.shape[a]!;
  const outShape = [...first.shape];
  outShape[joinAxis] = tensors.reduce((total, t) => total + t.shape[joinAxis]!, 0);
  const outRowLength = outShape[joinAxis]! * inner;
  const out = allocate(resultDType(...tensors), outer * outRowLength);

  // Each input contributes one contiguous block of `shape[axis] * inner` values to every outer row.
  let columnOffset = 0;
  for (const t of tensors) {
    const data = t.data;
    const blockLength = t.shape[joinAxis]! * inner;
    for (let o = 0; o < outer; o++) {
      const from = o * blockLength;
      const to = o * outRowLength + columnOffset;
      for (let i = 0; i < blockLength; i++) out[to + i] = data[from + i]!;
    }
    columnOffset += blockLength;
  }
  return new Tensor(out, outShape);
}

function checkShapes(tensors: readonly Tensor[], joinAxis: number): void {
  const first = tensors[0]!;
  tensors.forEach((t, index) => {
    const compatible = t.rank === first.rank && t.shape.every((dim, a) => a === joinAxis || dim === first.shape[a]);
    if (!compatible) {
      throw new Error(
        `concat: tensors[${index}] has shape ${formatShape(t.shape)} but tensors[0] has ` +
          `${formatShape(first.shape)}; all dimensions except axis ${joinAxis} must match`,
      );
    }
  });
}
