import { prepareWebGPU, resolveBackend, type ConcreteBackend } from '@fusegrad/core';

/**
 * Lists the backends that tests run on here: cpu and webasm always, headlessgl where a WebGL context
 * works (under `xvfb-run`), and webgpu where an adapter exists. Each missing one is printed once.
 */
export async function availableTestBackends(): Promise<ConcreteBackend[]> {
  const backends: ConcreteBackend[] = ['cpu', 'webasm'];

  if (resolveBackend('auto') === 'headlessgl') backends.push('headlessgl');
  else console.log('headlessgl skipped: no WebGL context (run the tests under xvfb-run)');

  const webgpu = await prepareWebGPU();
  if (webgpu.available) backends.push('webgpu');
  else console.log(`webgpu skipped: ${webgpu.detail}`);

  return backends;
}
