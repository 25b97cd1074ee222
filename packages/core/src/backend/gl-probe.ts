import { GPU, HeadlessGLKernel } from './gpujs.js';

/** The outcome of trying to run a kernel on gpu.js's headlessgl backend. */
export interface GLProbeResult {
  /** Whether a headlessgl kernel ran and returned the expected values. */
  readonly available: boolean;
  /** What happened, in words, for error messages and {@link backendInfo}. */
  readonly detail: string;
}

let cachedProbe: GLProbeResult | null = null;

/**
 * Tries once per process to run a small kernel on the headlessgl backend.
 *
 * gpu.js reports headlessgl as supported whenever the `gl` package loads, but without an X display
 * `gl` returns no context and kernels fall back silently, so only a kernel that ran proves it works.
 */
export function probeHeadlessGL(): GLProbeResult {
  if (cachedProbe === null) cachedProbe = runProbe();
  return cachedProbe;
}

function runProbe(): GLProbeResult {
  if (!HeadlessGLKernel.isSupported) {
    return {
      available: false,
      detail:
        'the gl package could not create a WebGL context (it needs an X display: run under `xvfb-run -a`, ' +
        'and its native build must have run during install)',
    };
  }

  const gpu = new GPU({ mode: 'headlessgl' });
  try {
    const kernel = gpu.createKernel(
      function (values: number[]) {
        return values[this.thread.x] * 2;
      },
      { output: [4] },
    );
    const result = kernel([1, 2, 3, 4]) as Float32Array;

    if (!(kernel.kernel instanceof HeadlessGLKernel)) {
      return { available: false, detail: `gpu.js fell back to ${kernel.kernel.constructor.name}: ${kernel.kernel.fallbackReason}` };
    }
    if (Array.from(result).join(',') !== '2,4,6,8') {
      return { available: false, detail: `a test kernel returned [${Array.from(result).join(', ')}] instead of [2, 4, 6, 8]` };
    }
    return { available: true, detail: 'a headlessgl test kernel ran' };
  } catch (error) {
    return { available: false, detail: `a headlessgl test kernel failed: ${(error as Error).message}` };
  } finally {
    gpu.destroy().catch(() => undefined);
  }
}
