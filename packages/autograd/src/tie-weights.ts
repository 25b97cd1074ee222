import { kernels, type Tensor } from '@fusegrad/core';

import { keptDimsShape } from './gradient-shapes.js';

/**
 * Returns, for each element of `x`, 1 / (number of ties) where it equals its reduction result
 * `extreme` and 0 elsewhere. Shared by max and min.
 *
 * @internal
 */
export function tieWeights(x: Tensor, extreme: Tensor, axes: readonly number[]): Tensor {
  const extremeKept = kernels.reshape(extreme, keptDimsShape(x.shape, axes));
  const isExtreme = kernels.equal(x, extremeKept);
  const tieCount = kernels.sum(isExtreme, axes as number[], true);
  return kernels.div(isExtreme, tieCount);
}
