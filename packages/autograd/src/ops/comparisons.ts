import { kernels, type Tensor, type TensorLike } from '@fusegrad/core';

import { asTensorPair } from '../as-tensor.js';

// Comparisons are piecewise constant, so they record nothing: the result never requires a gradient.

/**
 * Tests `a == b` elementwise, broadcasting like NumPy. The result has no gradient.
 *
 * @param a - Tensor or value of any shape.
 * @param b - Tensor or value whose shape broadcasts with `a`'s.
 * @returns A new tensor of 1 (true) and 0 (false) with the broadcast shape.
 * @throws Error when the shapes do not broadcast.
 * @example
 * ```ts
 * import { equal, tensor } from 'fusegrad';
 *
 * console.log(equal(tensor([1, 2]), 2).toArray()); // [ 0, 1 ]
 * ```
 */
export function equal(a: TensorLike, b: TensorLike): Tensor {
  return kernels.equal(...asTensorPair(a, b));
}

/**
 * Tests `a != b` elementwise, broadcasting like NumPy. The result has no gradient.
 *
 * @param a - Tensor or value of any shape.
 * @param b - Tensor or value whose shape broadcasts with `a`'s.
 * @returns A new tensor of 1 (true) and 0 (false) with the broadcast shape.
 * @throws Error when the shapes do not broadcast.
 * @example
 * ```ts
 * import { notEqual, tensor } from 'fusegrad';
 *
 * console.log(notEqual(tensor([1, 2]), 2).toArray()); // [ 1, 0 ]
 * ```
 */
export function notEqual(a: TensorLike, b: TensorLike): Tensor {
  return kernels.notEqual(...asTensorPair(a, b));
}

/**
 * Tests `a < b` elementwise, broadcasting like NumPy. The result has no gradient.
 *
 * @param a - Tensor or value of any shape.
 * @param b - Tensor or value whose shape broadcasts with `a`'s.
 * @returns A new tensor of 1 (true) and 0 (false) with the broadcast shape.
 * @throws Error when the shapes do not broadcast.
 * @example
 * ```ts
 * import { less, tensor } from 'fusegrad';
 *
 * console.log(less(tensor([1, 2]), 2).toArray()); // [ 1, 0 ]
 * ```
 */
export function less(a: TensorLike, b: TensorLike): Tensor {
  return kernels.less(...asTensorPair(a, b));
}

/**
 * Tests `a <= b` elementwise, broadcasting like NumPy. The result has no gradient.
 *
 * @param a - Tensor or value of any shape.
 * @param b - Tensor or value whose shape broadcasts with `a`'s.
 * @returns A new tensor of 1 (true) and 0 (false) with the broadcast shape.
 * @throws Error when the shapes do not broadcast.
 * @example
 * ```ts
 * import { lessEqual, tensor } from 'fusegrad';
 *
 * console.log(lessEqual(tensor([1, 3]), 2).toArray()); // [ 1, 0 ]
 * ```
 */
export function lessEqual(a: TensorLike, b: TensorLike): Tensor {
  return kernels.lessEqual(...asTensorPair(a, b));
}

/**
 * Tests `a > b` elementwise, broadcasting like NumPy. The result has no gradient.
 *
 * @param a - Tensor or value of any shape.
 * @param b - Tensor or value whose shape broadcasts with `a`'s.
 * @returns A new tensor of 1 (true) and 0 (false) with the broadcast shape.
 * @throws Error when the shapes do not broadcast.
 * @example
 * ```ts
 * import { greater, tensor } from 'fusegrad';
 *
 * console.log(greater(tensor([1, 3]), 2).toArray()); // [ 0, 1 ]
 * ```
 */
export function greater(a: TensorLike, b: TensorLike): Tensor {
  return kernels.greater(...asTensorPair(a, b));
}

/**
 * Tests `a >= b` elementwise, broadcasting like NumPy. The result has no gradient.
 *
 * @param a - Tensor or value of any shape.
 * @param b - Tensor or value whose shape broadcasts with `a`'s.
 * @returns A new tensor of 1 (true) and 0 (false) with the broadcast shape.
 * @throws Error when the shapes do not broadcast.
 * @example
 * ```ts
 * import { greaterEqual, tensor } from 'fusegrad';
 *
 * console.log(greaterEqual(tensor([1, 2]), 2).toArray()); // [ 0, 1 ]
 * ```
 */
export function greaterEqual(a: TensorLike, b: TensorLike): Tensor {
  return kernels.greaterEqual(...asTensorPair(a, b));
}
