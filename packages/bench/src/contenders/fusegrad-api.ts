import type { Tensor } from 'fusegrad';

import type { FusedBackendName } from './fused.js';

/** The JSD options both fusegrad contenders pass. */
export interface JsdOptions {
  readonly beta: number;
}

/** A fusegrad loss on student and teacher log-probabilities `[BT, V]`, returning a scalar tensor. */
export type JsdLossFunction = (input: Tensor, target: Tensor, options: JsdOptions) => Tensor;

/** The backend state `backendInfo()` returns after a kernel ran. */
export interface BackendInfo {
  readonly requested: string;
  readonly selected: string;
  readonly active: string | null;
  readonly fellBack: boolean;
  readonly reason: string | null;
}

/** The parts of the `fusegrad` module the bench uses, looked up at run time. */
export interface FusegradApi {
  readonly Tensor: typeof Tensor;
  readonly memory: () => { peakBytes: number; liveBytes: number };
  readonly resetPeakMemory: () => void;
  readonly jsd?: JsdLossFunction;
  readonly jsdUnfused?: JsdLossFunction;
  readonly setBackend?: (name: string) => void;
  readonly backendInfo?: () => BackendInfo;
  readonly prepareWebGPU?: () => Promise<{ available: boolean; detail: string }>;
  /** The fast-path pool that a requested backend uses, or null when its losses run the package kernels. */
  readonly fastLossPoolFor?: (requested: FusedBackendName) => { readonly backend: string; readonly workerCount: number } | null;
}

let cached: FusegradApi | null = null;

/**
 * Imports `fusegrad` and returns the functions the bench needs. They are looked up by name at run time, so a
 * contender whose function is missing from the installed version is skipped with that reason instead of failing the
 * whole build.
 *
 * @returns The module's functions; optional ones are undefined when absent.
 */
export async function loadFusegrad(): Promise<FusegradApi> {
  cached ??= (await import('fusegrad')) as unknown as FusegradApi;
  return cached;
}

/**
 * Names the functions of `names` that the loaded module lacks.
 *
 * @param api - The loaded module.
 * @param names - Export names the contender needs.
 * @returns A skip reason, or null when all are present.
 */
export function missingExports(api: FusegradApi, names: readonly (keyof FusegradApi)[]): string | null {
  const missing = names.filter((name) => typeof api[name] !== 'function');
  return missing.length === 0 ? null : `fusegrad does not export ${missing.join(', ')}`;
}
