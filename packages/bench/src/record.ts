import type { CheckResult } from './check.js';
import type { ContenderGroup, Mode } from './contender.js';
import type { TimeSummary } from './stats.js';

/**
 * The outcome of one contender at one case and mode: `ok` (checked and timed), `wrong` (its loss or gradient failed
 * the check, so nothing was timed), `failed` (it threw), `capped` (skipped as too slow for the plan), `skipped` (the
 * contender cannot run here) or `n/a` (the contender has no such mode).
 */
export type RecordStatus = 'ok' | 'wrong' | 'failed' | 'capped' | 'skipped' | 'n/a';

/** One row of the results: a contender at one case and mode. */
export interface CaseRecord {
  /** Contender id, e.g. `fused-cpu`. */
  readonly contender: string;
  /** Contender label for tables. */
  readonly label: string;
  /** Role in the comparison. */
  readonly group: ContenderGroup;
  /** Rows, BT. */
  readonly batchTokens: number;
  /** Vocabulary size, V. */
  readonly vocabSize: number;
  /** Weight of the teacher in the mixture. */
  readonly beta: number;
  /** The timed step. */
  readonly mode: Mode;
  /** Sweeps the case belongs to. */
  readonly sweeps: readonly string[];
  /** Outcome. */
  readonly status: RecordStatus;
  /** The reason the status is not `ok`, in one sentence. */
  readonly reason?: string;
  /** Wall times after warm-up, when timed. */
  readonly time?: TimeSummary;
  /**
   * Wall time of the first full step at this case in milliseconds, which includes compiling kernels for a new
   * configuration or shape.
   */
  readonly firstCallMs?: number;
  /** Peak bytes in the contender's tensor accounting during one step, inputs included; null without accounting. */
  readonly tensorPeakBytes?: number | null;
  /** Peak resident set size of the worker process during one step; null where it cannot be measured. */
  readonly rssPeakBytes?: number | null;
  /** Resident set size just before that step. */
  readonly rssBeforeBytes?: number | null;
  /** The correctness check against the float64 reference (or the contender's own check). */
  readonly check?: Pick<CheckResult, 'ok' | 'message'> & Partial<CheckResult>;
  /** Contender facts such as the backend that actually ran. */
  readonly details?: Record<string, string>;
  /**
   * The machine's 1-minute load average when the record was made. Contenders run one after another, so a value well
   * above the core count marks times inflated by other processes.
   */
  readonly loadAverage?: number;
}
