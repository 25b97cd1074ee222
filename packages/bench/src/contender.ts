import type { CheckTolerance } from './check.js';
import type { JsdInputs } from './inputs.js';
import type { LossAndGradient } from './reference.js';

/**
 * The part of the work a timed step covers: `forward` computes the loss, `backward` the gradient after an untimed
 * forward, `full` both in one timed step.
 */
export type Mode = 'forward' | 'backward' | 'full';

/** Every mode, in report order. */
export const MODES: readonly Mode[] = ['forward', 'backward', 'full'];

/** The role of a contender in the comparison, which decides the ratios it appears in. */
export type ContenderGroup = 'fused' | 'unfused' | 'tfjs' | 'floor';

/** One JSD case as a contender receives it. */
export interface JsdCase {
  /** The inputs, shared read-only by every contender in the process. */
  readonly inputs: JsdInputs;
  /** Weight of the teacher in the mixture; 0 and 1 are forward and reverse KL. */
  readonly beta: number;
}

/**
 * A contender set up for one case. The harness times `run(mode)`, calls `result` after `run('full')` for the
 * correctness check, and `release` after every step so that the next one starts from the same state.
 */
export interface PreparedContender {
  /**
   * Runs one step: `'forward'` computes the loss and keeps what backward needs, `'backward'` computes the gradient
   * with respect to the student log-probabilities after a `'forward'` step, `'full'` does both.
   */
  run(mode: Mode): void | Promise<void>;
  /** Returns the loss and gradient of the last `'full'` step, as host arrays. */
  result(): LossAndGradient | Promise<LossAndGradient>;
  /** Drops what one step created (loss, gradient, cached state). */
  release(): void;
  /**
   * Runs `step` and returns the peak bytes the contender's own tensor accounting saw during it (inputs included),
   * or null when the contender has no such accounting.
   */
  measureTensorPeak(step: () => Promise<void>): Promise<number | null>;
  /** Frees the case's inputs and everything else; the object is unusable afterwards. */
  dispose(): void;
}

/** The outcome of {@link Contender.verify}. */
export interface VerifyResult {
  /** Whether the contender's output matched what it checks against. */
  ok: boolean;
  /** Description of the mismatch and where it occurs when `ok` is false; may be empty when it is true. */
  message: string;
}

/**
 * One implementation under test. A contender is created in its own worker process, asked once whether it can run,
 * then prepared for each case.
 */
export interface Contender {
  /** Stable identifier used on the command line, in JSON and in ratios, e.g. `fused-cpu`. */
  readonly id: string;
  /** Human-readable name for tables and charts. */
  readonly label: string;
  /** Role in the comparison. */
  readonly group: ContenderGroup;
  /** Modes the contender can time separately; the others are reported as not applicable. */
  readonly modes: readonly Mode[];
  /** Name of the tensor accounting behind `measureTensorPeak`, e.g. `fusegrad memory()`. */
  readonly accounting: string;
  /**
   * Checks that the contender can run here (library present, backend usable, no silent fallback).
   *
   * @returns null when usable, else the reason it is skipped.
   */
  probe(): Promise<string | null>;
  /**
   * Sets the contender up for a case. Converting the inputs is not timed.
   *
   * @param jsdCase - The inputs and beta.
   */
  prepare(jsdCase: JsdCase): Promise<PreparedContender>;
  /**
   * Compares the contender's output with the reference. Contenders that compute the JSD leave this out, and the
   * harness compares them with the float64 reference. A floor that computes something else checks its own output.
   */
  verify?(prepared: PreparedContender, jsdCase: JsdCase): Promise<VerifyResult>;
  /**
   * Bounds that replace the default ones for this contender, with the reason in its documentation. The record shows
   * the measured errors either way.
   */
  readonly tolerance?: Partial<CheckTolerance>;
  /** Extra facts for the report, such as the backend that actually ran. */
  describe?(): Record<string, string>;
}
