import { type BackendName, parseBackendName } from './backend-name.js';

/** The environment variable that sets the default backend, for example `FUSEGRAD_BACKEND=cpu`. */
export const BACKEND_ENV_VARIABLE = 'FUSEGRAD_BACKEND';

let requestedBackend: BackendName | null = null;

/**
 * Selects the gpu.js backend that fusegrad's kernels use from now on.
 *
 * Kernels compiled for another backend stay cached, so switching back costs nothing.
 *
 * @param name - one of `'auto'`, `'cpu'`, `'webasm'`, `'headlessgl'` or `'webgpu'`
 * @throws Error when `name` is not a backend name; the message lists the valid names
 * @example
 * ```ts
 * import { getBackend, setBackend } from 'fusegrad';
 *
 * setBackend('cpu');
 * console.log(getBackend()); // 'cpu'
 * ```
 */
export function setBackend(name: BackendName): void {
  requestedBackend = parseBackendName(name, 'setBackend');
}

/**
 * Returns the requested backend name.
 *
 * Until {@link setBackend} is called this is the value of the `FUSEGRAD_BACKEND` environment variable,
 * or `'auto'` when it is unset or empty. Use {@link backendInfo} to learn which backend actually ran.
 *
 * @returns the requested backend, possibly `'auto'`
 * @throws Error when `FUSEGRAD_BACKEND` holds an unknown name; the message lists the valid names
 * @example
 * ```ts
 * import { getBackend } from 'fusegrad';
 *
 * console.log(`kernels will run on ${getBackend()}`);
 * ```
 */
export function getBackend(): BackendName {
  if (requestedBackend !== null) return requestedBackend;

  // Browsers have no `process`; there the default is 'auto'.
  const fromEnvironment = typeof process === 'undefined' ? undefined : process.env[BACKEND_ENV_VARIABLE];
  if (fromEnvironment === undefined || fromEnvironment === '') return 'auto';
  return parseBackendName(fromEnvironment, `the ${BACKEND_ENV_VARIABLE} environment variable`);
}
