/**
 * A gpu.js backend that fusegrad can select: `'auto'` picks one of the others at run time.
 *
 * - `'auto'`: `'headlessgl'` when a WebGL context can really be created, otherwise `'cpu'`.
 * - `'cpu'`: gpu.js's JavaScript backend, which evaluates kernels in float64 and stores float32.
 * - `'webasm'`: gpu.js's WebAssembly backend.
 * - `'headlessgl'`: WebGL 1 through the `gl` package; in Node it needs an X display (for example `xvfb-run`).
 * - `'webgpu'`: WebGPU through the `webgpu` package; kernels run asynchronously and need an adapter.
 */
export type BackendName = 'auto' | 'cpu' | 'webasm' | 'headlessgl' | 'webgpu';

/** A backend that runs kernels itself: every {@link BackendName} except `'auto'`. */
export type ConcreteBackend = Exclude<BackendName, 'auto'>;

/** Every valid {@link BackendName}, in the order error messages list them. */
export const BACKEND_NAMES: readonly BackendName[] = Object.freeze(['auto', 'cpu', 'webasm', 'headlessgl', 'webgpu']);

/**
 * Checks that `value` is a {@link BackendName}.
 *
 * @param value - the candidate name, for example from an option or an environment variable
 * @param source - what supplied the value, used in the error message (for example `'setBackend'`)
 * @returns `value`, typed as a backend name
 * @throws Error when `value` is not one of {@link BACKEND_NAMES}; the message lists the valid names
 * @example
 * ```ts
 * import { parseBackendName } from 'fusegrad';
 *
 * const backend = parseBackendName('cpu', 'my-script --backend');
 * console.log(backend); // 'cpu'
 * ```
 */
export function parseBackendName(value: unknown, source: string): BackendName {
  if (typeof value === 'string' && (BACKEND_NAMES as readonly string[]).includes(value)) {
    return value as BackendName;
  }
  const valid = BACKEND_NAMES.map((name) => `'${name}'`).join(', ');
  throw new Error(`${source}: unknown backend ${JSON.stringify(value)}; expected one of ${valid}`);
}
