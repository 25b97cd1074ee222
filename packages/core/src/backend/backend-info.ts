import type { BackendName, ConcreteBackend } from './backend-name.js';
import { getBackend } from './backend-setting.js';
import { probeHeadlessGL } from './gl-probe.js';
import { resolveBackend } from './gpu-instances.js';
import { backendOfKernelClass } from './gpujs.js';

/** The requested backend, the backend fusegrad selected for it, and the backend that actually ran. */
export interface BackendInfo {
  /** The requested name, as {@link getBackend} returns it. */
  readonly requested: BackendName;
  /** The backend the requested name resolves to (`'auto'` resolved by probing headlessgl). */
  readonly selected: ConcreteBackend;
  /** The backend of the gpu.js kernel class that ran last under this selection, or null before any kernel ran. */
  readonly active: ConcreteBackend | null;
  /** True when gpu.js ran the last kernel on another backend than the selected one. */
  readonly fellBack: boolean;
  /** gpu.js's fallback reason when it fell back; otherwise why `'auto'` chose its backend, or null. */
  readonly reason: string | null;
}

/** A gpu.js kernel run shortcut, reduced to what {@link recordKernelRun} reads. */
export interface KernelRunRecordSource {
  /** The gpu.js kernel instance behind the shortcut; its class names the backend that ran it. */
  readonly kernel: {
    /** gpu.js's reason for replacing the kernel with a cpu one at its first run; absent or null when it did not. */
    readonly fallbackReason?: string | null;
  };
}

let lastRun: { selected: ConcreteBackend; active: ConcreteBackend | null; fallbackReason: string | null } | null = null;

/**
 * Records which backend a kernel actually ran on, for {@link backendInfo}.
 *
 * Call it after every kernel launch: gpu.js may replace a kernel with a cpu one at its first run
 * (for example a kernel map on webasm), and only the kernel class that ran shows it.
 *
 * @param kernel - the kernel run shortcut that gpu.js's `createKernel` or `createKernelMap` returned
 * @param selected - the backend whose `GPU` instance created the kernel
 * @example
 * ```ts
 * import { backendInfo, getGPU, recordKernelRun } from 'fusegrad';
 *
 * const kernel = getGPU('cpu').createKernel(function () {
 *   return this.thread.x;
 * }, { output: [4] });
 * kernel();
 * recordKernelRun(kernel, 'cpu');
 * console.log(backendInfo().active); // 'cpu' when the requested backend resolves to 'cpu'
 * ```
 */
export function recordKernelRun(kernel: KernelRunRecordSource, selected: ConcreteBackend): void {
  lastRun = {
    selected,
    active: backendOfKernelClass(kernel.kernel),
    fallbackReason: kernel.kernel.fallbackReason ?? null,
  };
}

/**
 * Reports the requested backend, the backend it resolves to, and the backend that ran the last
 * kernel, including whether gpu.js fell back to another one and why.
 *
 * @returns the current backend state; `active` is null until a kernel runs under the current selection
 * @throws Error when `FUSEGRAD_BACKEND` holds an unknown name
 * @example
 * ```ts
 * import { backendInfo } from 'fusegrad';
 *
 * const info = backendInfo();
 * console.log(`${info.requested} -> ${info.selected}${info.fellBack ? ` (fell back: ${info.reason})` : ''}`);
 * ```
 */
export function backendInfo(): BackendInfo {
  const requested = getBackend();
  const selected = resolveBackend(requested);
  const run = lastRun !== null && lastRun.selected === selected ? lastRun : null;
  const active = run?.active ?? null;
  const fellBack = active !== null && active !== selected;

  let reason: string | null = null;
  if (fellBack) {
    reason = run?.fallbackReason ?? `gpu.js ran the kernel on ${active} without giving a reason`;
  } else if (requested === 'auto') {
    reason = `auto selected ${selected}: ${probeHeadlessGL().detail}`;
  }

  return { requested, selected, active, fellBack, reason };
}
