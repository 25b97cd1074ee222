import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';

/**
 * Finds the index of the largest element along an axis; ties go to the first index. Indices are
 * piecewise constant, so the result has no gradient.
 *
 * @param x - Tensor or value of any shape.
 * @param axis - Axis to search (negative counts from the end), or `null` for the index into the
 *   flattened tensor. Default `null`.
 * @param keepDims - Keep the searched axis as size 1. Default `false`.
 * @returns A new tensor of integer indices in `x`'s dtype.
 * @throws Error when the axis is out of range or has size 0.
 * @example
 * ```ts
 * import { argmax, tensor } from 'fusegrad';
 *
 * console.log(argmax(tensor([[0.1, 2, -1], [3, 0, 3]]), -1).toArray()); // [ 1, 0 ]
 * ```
 */
export function argmax(x: TensorLike, axis: number | null = null, keepDims = false): Tensor {
  return kernels.argmax(asTensor(x), axis, keepDims);
}
