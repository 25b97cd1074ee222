import { importWebGPUPackage } from './gpujs.js';

/** The outcome of {@link prepareWebGPU}. */
export interface WebGPUStatus {
  /** Whether a WebGPU adapter was found, so webgpu kernels can run. */
  readonly available: boolean;
  /** The adapter that was found, or why none could be used. */
  readonly detail: string;
}

let preparation: Promise<WebGPUStatus> | null = null;
let settledStatus: WebGPUStatus | null = null;

/**
 * Installs the `webgpu` package's WebGPU globals (`navigator.gpu` and the `GPU*` constants) and
 * requests an adapter, once per process.
 *
 * gpu.js only runs webgpu kernels when these globals exist, and an adapter needs a Vulkan, Metal or
 * Direct3D 12 driver that Dawn accepts. Run this before selecting the `'webgpu'` backend.
 *
 * @returns whether an adapter exists, and a description of it or of the failure
 * @example
 * ```ts
 * import { prepareWebGPU, setBackend } from 'fusegrad';
 *
 * const status = await prepareWebGPU();
 * if (status.available) setBackend('webgpu');
 * else console.log(`staying on the current backend: ${status.detail}`);
 * ```
 */
export function prepareWebGPU(): Promise<WebGPUStatus> {
  if (preparation === null) {
    preparation = requestAdapter().then((status) => {
      settledStatus = status;
      return status;
    });
  }
  return preparation;
}

/**
 * Returns the settled result of {@link prepareWebGPU}, or null while it has not finished or not started.
 *
 * Synchronous code, such as a backend choice made inside a training step, can read it without awaiting.
 *
 * @returns the adapter status that {@link prepareWebGPU} resolved to, or null
 * @example
 * ```ts
 * import { prepareWebGPU, webGPUStatus } from 'fusegrad';
 *
 * await prepareWebGPU();
 * const status = webGPUStatus();
 * if (status === null) throw new Error('prepareWebGPU() resolved, so its status should be settled');
 * console.log(status.available ? status.detail : `no WebGPU here: ${status.detail}`);
 * ```
 */
export function webGPUStatus(): WebGPUStatus | null {
  return settledStatus;
}

async function requestAdapter(): Promise<WebGPUStatus> {
  const existing = (globalThis as { navigator?: { gpu?: WebGPUEntry } }).navigator?.gpu;
  let entry: WebGPUEntry;
  if (existing) {
    entry = existing;
  } else {
    let webgpu: Awaited<ReturnType<typeof importWebGPUPackage>>;
    try {
      webgpu = await importWebGPUPackage();
    } catch (error) {
      return { available: false, detail: `the webgpu package could not be loaded: ${(error as Error).message}` };
    }
    Object.assign(globalThis, webgpu.globals);
    entry = webgpu.create([]) as WebGPUEntry;
    // Node 20 has no navigator; Node 21 and later define a read-only one, hence defineProperty.
    const navigatorValue = { ...(globalThis as { navigator?: object }).navigator, gpu: entry };
    Object.defineProperty(globalThis, 'navigator', { value: navigatorValue, configurable: true, writable: true });
  }

  try {
    const adapter = await entry.requestAdapter();
    if (adapter === null) {
      return {
        available: false,
        detail: 'no WebGPU adapter was found (Dawn needs a Vulkan, Metal or Direct3D 12 driver it accepts)',
      };
    }
    const info = adapter.info;
    const name = info ? [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') : '';
    return { available: true, detail: `WebGPU adapter ${name || '(unnamed)'}` };
  } catch (error) {
    return { available: false, detail: `requesting a WebGPU adapter failed: ${(error as Error).message}` };
  }
}

interface WebGPUEntry {
  requestAdapter(): Promise<{ info?: Record<string, string> } | null>;
}
