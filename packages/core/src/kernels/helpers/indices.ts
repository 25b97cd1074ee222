import type { Tensor } from '../../tensor.js';

/**
 * Reads an index tensor into integers, checking each is a whole number in `[0, limit)`.
 *
 * @param description - What the indices address, for the error message, such as `'axis 1 of size 5'`.
 */
export function readIndices(operation: string, indices: Tensor, limit: number, description: string): Int32Array {
  const values = indices.data;
  const result = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isInteger(value) || value < 0 || value >= limit) {
      const range = limit === 0 ? 'no index fits an axis of size 0' : `indices must be integers in [0, ${limit - 1}]`;
      throw new Error(
        `${operation}: index ${value} at position ${formatPosition(indices.shape, i)} is out of range for ` +
          `${description}; ${range}`,
      );
    }
    result[i] = value;
  }
  return result;
}

function formatPosition(shape: readonly number[], flatIndex: number): string {
  const position = new Array<number>(shape.length);
  let rest = flatIndex;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    position[axis] = rest % shape[axis]!;
    rest = Math.floor(rest / shape[axis]!);
  }
  return `[${position.join(',')}]`;
}
