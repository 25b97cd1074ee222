import { checkShape, Tensor } from '../tensor.js';
import { allocateStorage, type CreationOptions } from './options.js';

/**
 * Creates a 2-D tensor with ones on the main diagonal and zeros elsewhere.
 *
 * @param rows - Number of rows `n`.
 * @param columns - Number of columns `m`. Default: `rows`.
 * @param options - `dtype` (default `'float32'`) and `requiresGrad`.
 * @returns A new leaf tensor of shape `[n, m]`.
 * @throws Error when `rows` or `columns` is negative or not an integer.
 * @example
 * ```ts
 * import { eye } from 'fusegrad';
 *
 * console.log(eye(2).toArray()); // [ [ 1, 0 ], [ 0, 1 ] ]
 * ```
 */
export function eye(rows: number, columns: number = rows, options: CreationOptions = {}): Tensor {
  const shape = [rows, columns];
  const size = checkShape('eye', shape);
  const storage = allocateStorage('eye', options.dtype, size);
  const diagonal = Math.min(rows, columns);
  for (let i = 0; i < diagonal; i++) storage[i * columns + i] = 1;
  return new Tensor(storage, shape, { requiresGrad: options.requiresGrad ?? false });
}
