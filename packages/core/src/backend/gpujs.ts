import { createRequire } from 'node:module';

import gpujs from 'gpu.js';

import type { ConcreteBackend } from './backend-name.js';

/** The gpu.js module, loaded once: it is CommonJS, so its named exports come from the default import. */
export const { GPU, CPUKernel, HeadlessGLKernel, WebAssemblyKernel } = gpujs;

// gpu.js 2.24.1 exports WebGPUKernel at run time but not in its type declarations.
const { WebGPUKernel } = gpujs as unknown as { WebGPUKernel: abstract new (...args: never[]) => object };

/** A gpu.js `GPU` instance. */
export type GPUInstance = InstanceType<typeof GPU>;

/**
 * Names the backend of a gpu.js kernel instance from its class, because gpu.js reports every GL
 * kernel's `mode` as `'gpu'`.
 */
export function backendOfKernelClass(kernel: object): ConcreteBackend | null {
  if (kernel instanceof HeadlessGLKernel) return 'headlessgl';
  if (kernel instanceof WebAssemblyKernel) return 'webasm';
  if (kernel instanceof WebGPUKernel) return 'webgpu';
  if (kernel instanceof CPUKernel) return 'cpu';
  return null;
}

/**
 * Loads the `webgpu` package that gpu.js depends on, resolved from gpu.js's own location so that
 * it is the copy gpu.js was installed with.
 */
export async function importWebGPUPackage(): Promise<{ create: (flags: string[]) => unknown; globals: object }> {
  const requireFromHere = createRequire(import.meta.url);
  const gpujsEntry = requireFromHere.resolve('gpu.js');
  const webgpuEntry = createRequire(gpujsEntry).resolve('webgpu');
  return (await import(webgpuEntry)) as { create: (flags: string[]) => unknown; globals: object };
}
