import { Generator } from './generator.js';

/** Seed of the default generator until {@link manualSeed} changes it. */
export const defaultSeed = 0;

const defaultGenerator = new Generator(defaultSeed);

/**
 * Returns the generator that random creation functions use when no `generator` option is passed.
 *
 * @returns The shared default generator; drawing from it advances the default stream.
 * @example
 * ```ts
 * import { getDefaultGenerator } from 'fusegrad';
 *
 * console.log(getDefaultGenerator().nextFloat() < 1); // true
 * ```
 */
export function getDefaultGenerator(): Generator {
  return defaultGenerator;
}

/**
 * Reseeds the default generator, like `torch.manual_seed`, so later `randn` and `uniform` calls
 * without a `generator` option repeat the same numbers.
 *
 * @param seed - Integer seed, any safe integer including negatives.
 * @returns The default generator.
 * @throws Error when `seed` is not a safe integer.
 * @example
 * ```ts
 * import { manualSeed, randn } from 'fusegrad';
 *
 * manualSeed(1);
 * const a = randn([3]).toArray();
 * manualSeed(1);
 * const b = randn([3]).toArray();
 * console.log(JSON.stringify(a) === JSON.stringify(b)); // true
 * ```
 */
export function manualSeed(seed: number): Generator {
  defaultGenerator.seed(seed);
  return defaultGenerator;
}
