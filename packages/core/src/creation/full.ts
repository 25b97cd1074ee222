import { checkShape, Tensor } from '../tensor.js';
import { allocateStorage, type CreationOptions } from './options.js';

/**
 * Creates a tensor of the given shape with every element equal to `value`.
 *
 * @param shape - Dimensions of the result, each a non-negative integer; `[]` for a scalar.
 * @param value - Value of every element.
 * @param options - `dtype` (default `'float32'`) and `requiresGrad`.
 * @returns A new leaf tensor.
 * @throws Error when a dimension is negative or not an integer, or the dtype is unknown.
 * @example
 * ```ts
 * import { full } from 'fusegrad';
 *
 * console.log(full([2, 2], 7).toArray()); // [ [ 7, 7 ], [ 7, 7 ] ]
 * ```
 */
export function full(shape: readonly number[], value: number, options: CreationOptions = {}): Tensor {
  if (typeof value !== 'number') {
    throw new Error(`full: value must be a number, got ${typeof value}`);
  }
  return filled('full', shape, value, options);
}

/**
 * Creates a tensor of zeros.
 *
 * @param shape - Dimensions of the result, each a non-negative integer; `[]` for a scalar.
 * @param options - `dtype` (default `'float32'`) and `requiresGrad`.
 * @returns A new leaf tensor filled with 0.
 * @throws Error when a dimension is negative or not an integer, or the dtype is unknown.
 * @example
 * ```ts
 * import { zeros } from 'fusegrad';
 *
 * console.log(zeros([2, 3]).size); // 6
 * ```
 */
export function zeros(shape: readonly number[], options: CreationOptions = {}): Tensor {
  return filled('zeros', shape, 0, options);
}

/**
 * Creates a tensor of ones.
 *
 * @param shape - Dimensions of the result, each a non-negative integer; `[]` for a scalar.
 * @param options - `dtype` (default `'float32'`) and `requiresGrad`.
 * @returns A new leaf tensor filled with 1.
 * @throws Error when a dimension is negative or not an integer, or the dtype is unknown.
 * @example
 * ```ts
 * import { ones } from 'fusegrad';
 *
 * console.log(ones([3]).toArray()); // [ 1, 1, 1 ]
 * ```
 */
export function ones(shape: readonly number[], options: CreationOptions = {}): Tensor {
  return filled('ones', shape, 1, options);
}

/**
 * Creates a tensor of zeros with the shape of `like`, and its dtype unless `options.dtype` is set.
 *
 * @param like - Tensor whose shape (and default dtype) the result takes.
 * @param options - `dtype` (default `like.dtype`) and `requiresGrad`.
 * @returns A new leaf tensor filled with 0.
 * @example
 * ```ts
 * import { tensor, zerosLike } from 'fusegrad';
 *
 * console.log(zerosLike(tensor([[1, 2]])).toArray()); // [ [ 0, 0 ] ]
 * ```
 */
export function zerosLike(like: Tensor, options: CreationOptions = {}): Tensor {
  return filled('zerosLike', like.shape, 0, { ...options, dtype: options.dtype ?? like.dtype });
}

/**
 * Creates a tensor of ones with the shape of `like`, and its dtype unless `options.dtype` is set.
 *
 * @param like - Tensor whose shape (and default dtype) the result takes.
 * @param options - `dtype` (default `like.dtype`) and `requiresGrad`.
 * @returns A new leaf tensor filled with 1.
 * @example
 * ```ts
 * import { tensor, onesLike } from 'fusegrad';
 *
 * console.log(onesLike(tensor([[1, 2]])).toArray()); // [ [ 1, 1 ] ]
 * ```
 */
export function onesLike(like: Tensor, options: CreationOptions = {}): Tensor {
  return filled('onesLike', like.shape, 1, { ...options, dtype: options.dtype ?? like.dtype });
}

function filled(operation: string, shape: readonly number[], value: number, options: CreationOptions): Tensor {
  const size = checkShape(operation, shape);
  const storage = allocateStorage(operation, options.dtype, size);
  if (value !== 0) storage.fill(value);
  return new Tensor(storage, shape, { requiresGrad: options.requiresGrad ?? false });
}
