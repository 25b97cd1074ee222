import type { Contender } from '../contender.js';
import { makeJsdInputs } from '../inputs.js';
import { loadFusegrad, missingExports, type BackendInfo, type FusegradApi } from './fusegrad-api.js';
import { prepareFusegradCase } from './fusegrad-case.js';

/** A gpu.js backend the fused node can be asked to use, as named by core's `setBackend`. */
export type FusedBackendName = 'auto' | 'cpu' | 'webasm' | 'headlessgl' | 'webgpu';

/**
 * The fused JSD node (`jsd` from fusegrad) on one gpu.js backend. Its forward runs the kernel that yields the loss
 * terms and the gradient together, and its backward returns the cached gradient, so the `backward` mode measures the
 * engine's overhead alone.
 *
 * The probe runs a tiny case and skips the contender when the kernel fell back to another backend (gpu.js does that
 * without an error, for example headlessgl without a display), so a row labelled headlessgl never shows cpu times.
 * `'auto'` accepts whatever backend core picks and reports it.
 *
 * @param backend - The backend passed to `setBackend` before every case.
 * @returns The contender, with id `fused-<backend>`.
 * @example
 * ```ts
 * import { createFusedContender } from '@fusegrad/bench';
 * const contender = createFusedContender('cpu');
 * console.log(await contender.probe()); // null when the cpu kernel runs
 * ```
 */
export function createFusedContender(backend: FusedBackendName): Contender {
  let api: FusegradApi | null = null;
  let info: BackendInfo | null = null;

  return {
    id: `fused-${backend}`,
    label: `fused ${backend}`,
    group: 'fused',
    modes: ['forward', 'backward', 'full'],
    accounting: 'fusegrad memory()',
    probe: async () => {
      api = await loadFusegrad();
      const missing = missingExports(api, ['jsd', 'setBackend', 'backendInfo']);
      if (missing) return missing;

      if (backend === 'webgpu') {
        const status = api.prepareWebGPU ? await api.prepareWebGPU() : { available: false, detail: 'fusegrad does not export prepareWebGPU' };
        if (!status.available) return `no WebGPU adapter: ${status.detail}`;
      }

      try {
        api.setBackend!(backend);
        const prepared = prepareFusegradCase(api, api.jsd!, { inputs: makeJsdInputs(4, 16), beta: 0.5 });
        await prepared.run('full');
        prepared.dispose();
        info = api.backendInfo!();
      } catch (error) {
        return `the fused kernel failed on ${backend}: ${(error as Error).message}`;
      }

      if (backend !== 'auto' && (info.fellBack || info.active !== backend)) {
        return `requested ${backend} but gpu.js ran ${info.active ?? 'no kernel'}${info.reason ? ` (${info.reason})` : ''}`;
      }
      return null;
    },
    prepare: async (jsdCase) => {
      if (!api?.jsd || !api.setBackend) throw new Error(`fused-${backend}: prepare() called before a successful probe()`);
      api.setBackend(backend);
      return prepareFusegradCase(api, api.jsd, jsdCase);
    },
    describe: (): Record<string, string> => {
      const current = api?.backendInfo?.() ?? info;
      // No gpu.js kernel runs in this process when 'auto' picks the fast path, which runs on worker threads.
      const active = current?.active ?? (current ? 'no gpu.js kernel in this process (worker threads)' : 'unknown');
      // The pool is created (and under 'auto' its path measured) on the first call, which the probe has made by now.
      let pool: ReturnType<NonNullable<FusegradApi['fastLossPoolFor']>> | undefined;
      try {
        pool = api?.fastLossPoolFor?.(backend);
      } catch (error) {
        return { requested: backend, active, 'fast path': `unknown: ${(error as Error).message}` };
      }
      if (!pool) return { requested: backend, active };
      const threads = pool.workerCount === 0 ? 'in the calling thread' : `on ${pool.workerCount} worker threads`;
      return { requested: backend, active, 'fast path': `${pool.backend} kernels ${threads}` };
    },
  };
}
