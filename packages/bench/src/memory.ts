import { readFileSync, writeFileSync } from 'node:fs';
import { setImmediate as nextTask } from 'node:timers/promises';

/**
 * Runs a full garbage collection and lets FinalizationRegistry callbacks run, so that tensors that are already
 * unreachable stop counting as live in core's memory accounting before a measurement.
 *
 * Finalization callbacks arrive in a task after the collection, so the function yields to the event loop between
 * two collections.
 *
 * @returns A promise that settles once the callbacks had their chance to run.
 * @throws Error when node was started without `--expose-gc`, because the measurements would then count garbage.
 * @example
 * ```ts
 * import { collectGarbage } from '@fusegrad/bench';
 * await collectGarbage(); // node --expose-gc
 * ```
 */
export async function collectGarbage(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') {
    throw new Error('collectGarbage: global gc() is missing; start node with --expose-gc');
  }

  for (let round = 0; round < 2; round++) {
    gc();
    await nextTask();
  }
}

/**
 * The process's peak resident set size (RSS) over an interval, read from Linux's `/proc/self/status` (VmHWM) after
 * resetting that high-water mark through `/proc/self/clear_refs`.
 *
 * Where the reset is not possible (not Linux, or no permission), {@link ProcessPeakMemory.available} is false and
 * reads return null, because the lifetime maximum would mix in earlier cases.
 *
 * @example
 * ```ts
 * import { ProcessPeakMemory } from '@fusegrad/bench';
 *
 * const probe = new ProcessPeakMemory();
 * if (probe.available) {
 *   probe.reset();
 *   const before = probe.readCurrentBytes()!;
 *   const block = new Float64Array(4 * 1024 * 1024).fill(1); // 32 MiB, every page touched
 *   const growth = probe.readPeakBytes()! - before;
 *   console.log(`peak RSS grew by ${(growth / 2 ** 20).toFixed(0)} MiB for a ${block.byteLength / 2 ** 20} MiB block`);
 * } else {
 *   console.log(probe.reason);
 * }
 * ```
 */
export class ProcessPeakMemory {
  /** Whether the high-water mark can be reset here. */
  readonly available: boolean;
  /** The reason the high-water mark cannot be reset; empty when it can. */
  readonly reason: string;

  /**
   * Probes whether the high-water mark can be reset.
   */
  constructor() {
    try {
      writeFileSync('/proc/self/clear_refs', '5');
      readStatusBytes('VmHWM');
      this.available = true;
      this.reason = '';
    } catch (error) {
      this.available = false;
      this.reason = `peak RSS cannot be reset here (${(error as Error).message})`;
    }
  }

  /** Sets the high-water mark to the current RSS. Does nothing when unavailable. */
  reset(): void {
    if (this.available) writeFileSync('/proc/self/clear_refs', '5');
  }

  /**
   * Reads the peak RSS since the last {@link ProcessPeakMemory.reset}.
   *
   * @returns Bytes, or null when unavailable.
   */
  readPeakBytes(): number | null {
    return this.available ? readStatusBytes('VmHWM') : null;
  }

  /**
   * Reads the current RSS.
   *
   * @returns Bytes, or null when unavailable.
   */
  readCurrentBytes(): number | null {
    return this.available ? readStatusBytes('VmRSS') : null;
  }
}

function readStatusBytes(field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`${field} missing from /proc/self/status`);
  return Number(match[1]) * 1024;
}
