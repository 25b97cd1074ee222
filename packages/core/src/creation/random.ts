import { getDefaultGenerator } from '../random/default-generator.js';
import { checkShape, Tensor } from '../tensor.js';
import { allocateStorage, type RandomOptions } from './options.js';

/**
 * Creates a tensor of standard normal samples (mean 0, standard deviation 1), like `torch.randn`.
 *
 * @param shape - Dimensions of the result, each a non-negative integer.
 * @param options - `dtype` (default `'float32'`), `requiresGrad`, and `generator` (default: the
 *   generator that `manualSeed` reseeds).
 * @returns A new leaf tensor; the samples fill it in row-major order.
 * @throws Error when a dimension is negative or not an integer, or the dtype is unknown.
 * @example
 * ```ts
 * import { Generator, randn } from 'fusegrad';
 *
 * const weights = randn([3, 4], { generator: new Generator(0), requiresGrad: true });
 * console.log(weights.shape); // [ 3, 4 ]
 * ```
 */
export function randn(shape: readonly number[], options: RandomOptions = {}): Tensor {
  const size = checkShape('randn', shape);
  const storage = allocateStorage('randn', options.dtype, size);
  const generator = options.generator ?? getDefaultGenerator();
  for (let i = 0; i < size; i++) storage[i] = generator.normal();
  return new Tensor(storage, shape, { requiresGrad: options.requiresGrad ?? false });
}

/**
 * Creates a tensor of samples drawn uniformly from `[low, high)`, like `tf.randomUniform`.
 *
 * @param shape - Dimensions of the result, each a non-negative integer.
 * @param low - Inclusive lower bound. Default: 0.
 * @param high - Upper bound. Default: 1. A float32 result may round a sample up to `high`.
 * @param options - `dtype` (default `'float32'`), `requiresGrad`, and `generator` (default: the
 *   generator that `manualSeed` reseeds).
 * @returns A new leaf tensor; the samples fill it in row-major order.
 * @throws Error when a dimension is invalid, or `low` and `high` are not finite with `low <= high`.
 * @example
 * ```ts
 * import { uniform } from 'fusegrad';
 *
 * const bound = 1 / Math.sqrt(784);
 * const weights = uniform([784, 10], -bound, bound);
 * console.log(weights.shape); // [ 784, 10 ]
 * ```
 */
export function uniform(shape: readonly number[], low = 0, high = 1, options: RandomOptions = {}): Tensor {
  if (!Number.isFinite(low) || !Number.isFinite(high) || low > high) {
    throw new Error(
      `uniform: bounds [${low}, ${high}) are invalid; pass finite numbers with low <= high`,
    );
  }
  const size = checkShape('uniform', shape);
  const storage = allocateStorage('uniform', options.dtype, size);
  const generator = options.generator ?? getDefaultGenerator();
  const width = high - low;
  for (let i = 0; i < size; i++) storage[i] = low + width * generator.nextFloat();
  return new Tensor(storage, shape, { requiresGrad: options.requiresGrad ?? false });
}
