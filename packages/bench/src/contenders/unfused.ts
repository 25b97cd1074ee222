import type { Contender } from '../contender.js';
import { loadFusegrad, missingExports, type FusegradApi } from './fusegrad-api.js';
import { prepareFusegradCase } from './fusegrad-case.js';

/**
 * `jsdUnfused` from fusegrad: the same loss composed from autograd ops, each of which allocates its result and saves
 * tensors for backward. It is the baseline the fused node's time and memory ratios are taken against.
 *
 * @returns The contender, with id `unfused`.
 * @example
 * ```ts
 * import { createUnfusedContender } from '@fusegrad/bench';
 * console.log(createUnfusedContender().group); // unfused
 * ```
 */
export function createUnfusedContender(): Contender {
  let api: FusegradApi | null = null;

  return {
    id: 'unfused',
    label: 'jsdUnfused (autograd)',
    group: 'unfused',
    modes: ['forward', 'backward', 'full'],
    accounting: 'fusegrad memory()',
    probe: async () => {
      api = await loadFusegrad();
      return missingExports(api, ['jsdUnfused']);
    },
    prepare: async (jsdCase) => {
      if (!api?.jsdUnfused) throw new Error('unfused: prepare() called before a successful probe()');
      return prepareFusegradCase(api, api.jsdUnfused, jsdCase);
    },
  };
}
