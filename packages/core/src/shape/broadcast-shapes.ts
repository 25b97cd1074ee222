import { formatShape } from './format-shape.js';

/**
 * Computes the shape that two shapes broadcast to under NumPy rules: shapes are aligned at their
 * last axis, and each pair of dimensions must be equal or one of them 1.
 *
 * @param a - Shape of the first operand.
 * @param b - Shape of the second operand.
 * @param operation - Name of the calling op, used in the error message. Default: `'broadcastShapes'`.
 * @returns The broadcast shape, of rank `max(a.length, b.length)`.
 * @throws Error naming both shapes and the first axis whose dimensions differ with neither being 1.
 * @example
 * ```ts
 * import { broadcastShapes } from 'fusegrad';
 *
 * console.log(broadcastShapes([3, 1, 5], [4, 1])); // [ 3, 4, 5 ]
 * ```
 */
export function broadcastShapes(
  a: readonly number[],
  b: readonly number[],
  operation = 'broadcastShapes',
): number[] {
  const rank = Math.max(a.length, b.length);
  const result = new Array<number>(rank);
  for (let axis = 0; axis < rank; axis++) {
    const dimA = a[a.length - rank + axis] ?? 1;
    const dimB = b[b.length - rank + axis] ?? 1;
    if (dimA !== dimB && dimA !== 1 && dimB !== 1) {
      throw new Error(
        `${operation}: shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast: ` +
          `dimension ${axis} is ${dimA} vs ${dimB}; ` +
          'each pair of trailing dimensions must be equal or one of them 1',
      );
    }
    result[axis] = dimA === 1 ? dimB : dimA;
  }
  return result;
}
