import { cpus, loadavg, platform, release, totalmem } from 'node:os';

import type { LinearRecord } from '../linear/linear-suite.js';
import type { BenchPlan } from '../plan.js';
import type { Ratio } from '../ratios.js';
import type { CaseRecord } from '../record.js';
import type { ContenderSummary } from '../runner.js';
import type { TargetResult } from '../targets.js';

/** The machine a run was made on. */
export interface MachineInfo {
  /** CPU model as the OS reports it. */
  readonly cpuModel: string;
  /** Logical cores. */
  readonly cpuCount: number;
  /** Physical memory in bytes. */
  readonly memoryBytes: number;
  /** `process.platform` and the kernel release. */
  readonly os: string;
  /** Node.js version. */
  readonly node: string;
  /** The X display the headlessgl backend used, or null without one. */
  readonly display: string | null;
  /** 1-, 5- and 15-minute load averages when the run ended; above the core count, other processes competed for the CPUs. */
  readonly loadAverage: readonly number[];
}

/** Everything one run produced; written as `results.json`. */
export interface BenchReport {
  /** Version of this layout. */
  readonly formatVersion: 1;
  /** The plan that ran. */
  readonly plan: BenchPlan;
  /** The command line that started the run. */
  readonly command: string;
  /** ISO 8601 start time. */
  readonly startedAt: string;
  /** Wall time of the whole run in milliseconds. */
  readonly durationMs: number;
  /** The machine. */
  readonly machine: MachineInfo;
  /** The outcome of each contender. */
  readonly contenders: readonly ContenderSummary[];
  /** One record per contender, case and mode. */
  readonly records: readonly CaseRecord[];
  /** Fused-to-other ratios within this run. */
  readonly ratios: readonly Ratio[];
  /** The fused linear JSD memory measurement, or null when the plan leaves it out. */
  readonly linear: LinearRecord | null;
  /** Target verdicts. */
  readonly targets: readonly TargetResult[];
}

/**
 * Describes the machine the bench runs on.
 *
 * @returns CPU, memory, OS, Node.js version, display and load average.
 * @example
 * ```ts
 * import { describeMachine } from '@fusegrad/bench';
 * console.log(describeMachine().cpuCount);
 * ```
 */
export function describeMachine(): MachineInfo {
  const cores = cpus();
  return {
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    cpuCount: cores.length,
    memoryBytes: totalmem(),
    os: `${platform()} ${release()}`,
    node: process.version,
    display: process.env['DISPLAY'] ?? null,
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}
