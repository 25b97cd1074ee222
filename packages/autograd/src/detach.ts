import type { Tensor, TensorLike } from '@fusegrad/core';

import { asTensor } from './as-tensor.js';
import { copyTensor } from './tensor-utils.js';

/**
 * Returns a tensor with the same values that is cut off from the graph: it is a leaf that does
 * not require a gradient, so nothing flows back through it. The values are copied, because every
 * fusegrad tensor owns its storage (PyTorch's `detach` shares it instead).
 *
 * @param x - Tensor or value to detach.
 * @returns A new leaf tensor with `x`'s shape, dtype and values, and `requiresGrad` false.
 * @example
 * ```ts
 * import { detach, tensor } from 'fusegrad';
 *
 * const x = tensor([1, 2], { requiresGrad: true });
 * const frozen = detach(x.mul(3));
 * console.log(frozen.requiresGrad, frozen.toArray()); // false [ 3, 6 ]
 * ```
 */
export function detach(x: TensorLike): Tensor {
  return copyTensor(asTensor(x));
}
