/**
 * Formats a shape the way error messages print it, such as `[2,3]` or `[]` for a scalar.
 *
 * @param shape - Dimensions to format.
 * @returns The dimensions joined by commas inside brackets.
 * @example
 * ```ts
 * import { formatShape } from 'fusegrad';
 *
 * console.log(formatShape([2, 3])); // [2,3]
 * ```
 */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
