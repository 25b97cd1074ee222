/**
 * Computes row-major strides: the distance in elements between neighbours along each axis.
 *
 * @param shape - Dimensions of the array.
 * @returns One stride per axis; the last axis has stride 1, and `[]` for a scalar.
 * @example
 * ```ts
 * import { stridesOf } from 'fusegrad';
 *
 * console.log(stridesOf([2, 3, 4])); // [ 12, 4, 1 ]
 * ```
 */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis]!;
  }
  return strides;
}

/**
 * Multiplies the dimensions of a shape.
 *
 * @param shape - Dimensions of the array.
 * @returns The number of elements; 1 for a scalar shape `[]`.
 * @example
 * ```ts
 * import { shapeSize } from 'fusegrad';
 *
 * console.log(shapeSize([2, 3, 4])); // 24
 * ```
 */
export function shapeSize(shape: readonly number[]): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}

/**
 * Compares two shapes dimension by dimension.
 *
 * @param a - First shape.
 * @param b - Second shape.
 * @returns `true` when both have the same rank and the same dimensions.
 * @example
 * ```ts
 * import { shapesEqual } from 'fusegrad';
 *
 * console.log(shapesEqual([2, 3], [2, 3])); // true
 * ```
 */
export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let axis = 0; axis < a.length; axis++) if (a[axis] !== b[axis]) return false;
  return true;
}
