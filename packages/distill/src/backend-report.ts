import { backendInfo, fastLossPoolFor, getBackend, type BackendInfo, type BackendName } from 'fusegrad';

/** Use of the fast loss path during a run. */
export interface FastPathUse {
  /** gpu.js backend of the fast path's kernels, such as `webasm`. */
  readonly backend: string;
  /** Worker threads of the fast path; 0 when its kernels run in the calling thread. */
  readonly workers: number;
  /** Loss calls that the fast path served during the run. */
  readonly calls: number;
}

/** Backends that ran the loss kernels of a run, as `distill` prints them and writes them to `metrics.json`. */
export interface BackendReport extends BackendInfo {
  /** The fast loss path, when the run sent losses to it; else null. */
  readonly fastPath: FastPathUse | null;
  /** Description of the loss backends that ran, such as `the webasm fast path with 2 workers`; null when none ran. */
  readonly ran: string | null;
}

/**
 * Builds the backend report from gpu.js's record and the fast path's use. Float32 losses run on the fast path,
 * whose worker threads `backendInfo()` does not see, so under `'auto'` `info.active` alone would name a backend
 * that did not run the losses, or none.
 *
 * @param info - From `backendInfo()` after the run.
 * @param fastPath - The fast path's use during the run, or null when it served no call.
 * @returns The report; `ran` names the fast path, the gpu.js backend that ran last, or both when both ran.
 * @example
 * ```ts
 * import { describeBackendRun } from '@fusegrad/distill';
 *
 * const info = { requested: 'auto', selected: 'cpu', active: null, fellBack: false, reason: null } as const;
 * const report = describeBackendRun(info, { backend: 'webasm', workers: 2, calls: 120 });
 * console.log(report.ran); // "the webasm fast path with 2 workers"
 * ```
 */
export function describeBackendRun(info: BackendInfo, fastPath: FastPathUse | null): BackendReport {
  const used = fastPath !== null && fastPath.calls > 0 ? fastPath : null;
  const parts: string[] = [];
  if (used !== null) {
    const threads = used.workers === 0 ? 'in the main thread' : `with ${used.workers} ${used.workers === 1 ? 'worker' : 'workers'}`;
    parts.push(`the ${used.backend} fast path ${threads}`);
  }
  // A fast path in the calling thread records its own kernels, so the same backend would be named twice.
  const sameKernels = used !== null && used.workers === 0 && used.backend === info.active;
  if (info.active !== null && !sameKernels) parts.push(used === null ? info.active : `gpu.js ${info.active}`);

  return { ...info, fastPath: used, ran: parts.length === 0 ? null : parts.join(' and ') };
}

/**
 * Formats the report as the line that `distill` prints after its table.
 *
 * @param report - From {@link describeBackendRun}.
 * @returns One line without a line break, such as `Backend: requested auto, ran the webasm fast path with 2 workers.`
 * @example
 * ```ts
 * import { describeBackendRun, formatBackendLine } from '@fusegrad/distill';
 *
 * const info = { requested: 'cpu', selected: 'cpu', active: 'cpu', fellBack: false, reason: null } as const;
 * console.log(formatBackendLine(describeBackendRun(info, null))); // "Backend: requested cpu, ran cpu."
 * ```
 */
export function formatBackendLine(report: BackendReport): string {
  const ran = report.ran === null ? 'no loss kernel ran' : `ran ${report.ran}`;
  const fallback = report.fellBack ? ` (fell back: ${report.reason ?? 'no reason given'})` : '';
  return `Backend: requested ${report.requested}, ${ran}${fallback}.`;
}

/**
 * Counts the fast path's loss calls over a run, on the pool that the requested backend uses (see
 * `fastLossPoolFor`). Under webgpu there is none.
 *
 * @example
 * ```ts
 * import { BackendRecorder } from '@fusegrad/distill';
 *
 * const recorder = BackendRecorder.start();
 * // ... train ...
 * console.log(recorder.finish().ran);
 * ```
 */
export class BackendRecorder {
  readonly #requested: BackendName;
  readonly #callsAtStart: number;

  private constructor(requested: BackendName, callsAtStart: number) {
    this.#requested = requested;
    this.#callsAtStart = callsAtStart;
  }

  /**
   * Starts counting. Under `'auto'` this gets the shared fast path first, so its one-time measurement of the
   * candidate paths happens here rather than inside the first training step.
   *
   * @returns The recorder.
   * @throws Error when the requested backend cannot run here, for example headlessgl without a display.
   */
  static start(): BackendRecorder {
    const requested = getBackend();
    const pool = fastLossPoolFor(requested);
    return new BackendRecorder(requested, pool?.stats().calls ?? 0);
  }

  /**
   * Returns the report for everything that ran since {@link BackendRecorder.start}.
   *
   * @returns The report from {@link describeBackendRun}.
   */
  finish(): BackendReport {
    const pool = fastLossPoolFor(this.#requested);
    const fastPath =
      pool === null ? null : { backend: pool.backend, workers: pool.workerCount, calls: pool.stats().calls - this.#callsAtStart };
    return describeBackendRun(backendInfo(), fastPath);
  }
}
