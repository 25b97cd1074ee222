import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensor } from '../as-tensor.js';

/**
 * Encodes integer labels as one-hot rows. The result has no gradient.
 *
 * @param indices - Integer labels in `[0, depth)`, any shape.
 * @param depth - Number of classes, the size of the new last axis.
 * @returns A new tensor of shape `[...indices.shape, depth]` holding 1 at each label and 0 elsewhere.
 * @throws Error when a label is not an integer in range.
 * @example
 * ```ts
 * import { oneHot, tensor } from 'fusegrad';
 *
 * console.log(oneHot(tensor([2, 0]), 3).toArray()); // [ [ 0, 0, 1 ], [ 1, 0, 0 ] ]
 * ```
 */
export function oneHot(indices: TensorLike, depth: number): Tensor {
  return kernels.oneHot(asTensor(indices), depth);
}
