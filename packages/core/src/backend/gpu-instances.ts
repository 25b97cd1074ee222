import type { BackendName, ConcreteBackend } from './backend-name.js';
import { getBackend } from './backend-setting.js';
import { probeHeadlessGL } from './gl-probe.js';
import { GPU, type GPUInstance } from './gpujs.js';
import { webGPUStatus } from './webgpu.js';

const instances = new Map<ConcreteBackend, GPUInstance>();
const kernelCaches = new Map<ConcreteBackend, Map<string, unknown>>();

/**
 * Resolves a backend name to the backend that runs kernels: `'auto'` becomes `'headlessgl'` when a
 * headlessgl test kernel runs (probed once per process), else `'cpu'`.
 *
 * @param name - the backend to resolve; defaults to {@link getBackend}
 * @returns a backend other than `'auto'`
 * @throws Error when `FUSEGRAD_BACKEND` holds an unknown name
 * @example
 * ```ts
 * import { resolveBackend } from 'fusegrad';
 *
 * console.log(resolveBackend('auto')); // 'headlessgl' under a display, else 'cpu'
 * ```
 */
export function resolveBackend(name: BackendName = getBackend()): ConcreteBackend {
  if (name !== 'auto') return name;
  return probeHeadlessGL().available ? 'headlessgl' : 'cpu';
}

/**
 * Returns the shared gpu.js `GPU` instance for a backend, creating it on first use.
 *
 * @param backend - the backend; defaults to the resolved {@link getBackend}
 * @returns the `GPU` instance whose kernels run on `backend`
 * @throws Error when `backend` cannot run here: headlessgl without a working WebGL context, or
 *   webgpu before {@link prepareWebGPU} found an adapter; the message says why and what to do
 * @example
 * ```ts
 * import { getGPU } from 'fusegrad';
 *
 * const gpu = getGPU('cpu');
 * const double = gpu.createKernel(function (values: number[]) {
 *   return values[this.thread.x] * 2;
 * }, { output: [3] });
 * console.log(double([1, 2, 3])); // Float32Array [2, 4, 6]
 * ```
 */
export function getGPU(backend: ConcreteBackend = resolveBackend()): GPUInstance {
  const existing = instances.get(backend);
  if (existing) return existing;

  checkAvailable(backend);
  const gpu = new GPU({ mode: backend });
  instances.set(backend, gpu);
  return gpu;
}

/**
 * Returns the kernel cached under `key` for `backend`, creating it with `create` on first use.
 *
 * Kernels compile once per configuration and are reused for every later call, across shapes when
 * they are created with `dynamicOutput` and `dynamicArguments`.
 *
 * @param backend - the backend whose `GPU` instance creates the kernel
 * @param key - identifies the kernel's source and settings; equal keys must mean equal kernels
 * @param create - builds the kernel from the backend's `GPU` instance
 * @returns the cached or newly created kernel
 * @throws Error when {@link getGPU} throws for `backend`
 * @example
 * ```ts
 * import { cachedKernel } from 'fusegrad';
 *
 * const square = cachedKernel('cpu', 'example.square', (gpu) =>
 *   gpu.createKernel(function (values: number[]) {
 *     return values[this.thread.x] * values[this.thread.x];
 *   }, { output: [2] }),
 * );
 * console.log(square([3, 4])); // Float32Array [9, 16]
 * ```
 */
export function cachedKernel<K>(backend: ConcreteBackend, key: string, create: (gpu: GPUInstance) => K): K {
  let cache = kernelCaches.get(backend);
  if (!cache) {
    cache = new Map();
    kernelCaches.set(backend, cache);
  }

  if (cache.has(key)) return cache.get(key) as K;
  const kernel = create(getGPU(backend));
  cache.set(key, kernel);
  return kernel;
}

function checkAvailable(backend: ConcreteBackend): void {
  if (backend === 'headlessgl') {
    const probe = probeHeadlessGL();
    if (!probe.available) {
      throw new Error(`headlessgl backend: unavailable because ${probe.detail}; or select 'cpu' with setBackend('cpu')`);
    }
  }

  if (backend === 'webgpu') {
    const status = webGPUStatus();
    if (status === null) {
      throw new Error("webgpu backend: not prepared; call `await prepareWebGPU()` before selecting 'webgpu'");
    }
    if (!status.available) {
      throw new Error(`webgpu backend: unavailable because ${status.detail}; select 'headlessgl' or 'cpu' instead`);
    }
  }
}
