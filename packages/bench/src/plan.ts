import type { Mode } from './contender.js';
import type { LinearSuiteSizes } from './linear/linear-suite.js';

/** One point of a sweep: a shape, a beta and the modes to time there. */
export interface BenchCase {
  /** Rows, BT. */
  readonly batchTokens: number;
  /** Vocabulary size, V. */
  readonly vocabSize: number;
  /** Weight of the teacher in the mixture. */
  readonly beta: number;
  /** Modes timed at this point. */
  readonly modes: readonly Mode[];
  /** Sweeps the point belongs to (`vocab`, `batch`, `beta`, `target`). */
  readonly sweeps: readonly string[];
}

/** How many times each step runs, and the limits that keep a sweep's run time bounded. */
export interface TimingOptions {
  /** Untimed runs of each mode before timing (the correctness check's run already compiled the kernels). */
  readonly warmup: number;
  /** Timed runs always made. */
  readonly minRepetitions: number;
  /** Timed runs made at most. */
  readonly maxRepetitions: number;
  /** Once this many milliseconds were spent timing a mode, no repetitions beyond the minimum are started. */
  readonly modeBudgetMs: number;
  /**
   * A case whose estimated step time (from the contender's time per element on a smaller case) exceeds this is
   * skipped with a printed reason, except at the target point, which every contender runs.
   */
  readonly maxStepMs: number;
  /**
   * At the target point, a contender whose estimated step time exceeds this is timed once (its checked first call)
   * in the full mode only, instead of being repeated in every mode.
   */
  readonly targetMaxStepMs: number;
}

/** A built-in contender that a plan leaves out by default. */
export interface ExcludedContender {
  /** Contender id, such as `fused-webasm`. */
  readonly id: string;
  /** Reason the plan leaves it out, printed in the report. */
  readonly reason: string;
}

/** A complete benchmark plan. */
export interface BenchPlan {
  /** `quick`, `full`, or a name for a custom plan. */
  readonly name: string;
  /** Points, each measured once even when it belongs to several sweeps. */
  readonly cases: readonly BenchCase[];
  /** Repetitions and limits. */
  readonly timing: TimingOptions;
  /** Seed of the generated inputs. */
  readonly seed: number;
  /** Contender ids the plan runs by default, in order. */
  readonly contenders: readonly string[];
  /** Built-in contenders the plan leaves out by default, each with the reason. */
  readonly excluded: readonly ExcludedContender[];
  /** Sizes of the fused linear JSD memory measurement, or null to leave it out. */
  readonly linear: LinearSuiteSizes | null;
}

/**
 * Default contenders: the fused node on each gpu.js backend and on `'auto'` (which picks the fast CPU path where
 * fusegrad has one), jsdUnfused, TF.js on its two CPU backends, and the two floors.
 */
const ALL_CONTENDERS = ['fused-auto', 'fused-cpu', 'fused-webasm', 'fused-headlessgl', 'fused-webgpu', 'unfused', 'tfjs-cpu', 'tfjs-wasm', 'loop', 'copy'];

/**
 * Sizes at which the fused linear JSD memory target is stated. The unfused path would hold an estimated 20 GiB
 * there (jsdUnfused alone peaks at 4.6 GiB at 1024 rows), too much for a 24 GiB machine. It therefore runs at 1024
 * and 512 rows, and its peak is extrapolated linearly to 4096 rows. Only the full plan measures this.
 */
export const LINEAR_TARGET_SIZES: LinearSuiteSizes = { rows: 4096, hiddenSize: 256, vocabSize: 32768, unfusedRows: 1024 };

/** The point at which the targets are stated: BT = 1024, V = 32768, beta 0.5. */
export const TARGET_POINT = {
  /** Rows, BT. */
  batchTokens: 1024,
  /** Vocabulary size, V. */
  vocabSize: 32768,
  /** Weight of the teacher in the mixture. */
  beta: 0.5,
} as const;

/**
 * Tells whether a case is the target point, where no contender is capped.
 *
 * @param benchCase - A planned case.
 * @returns True at BT = 1024, V = 32768, beta 0.5.
 * @example
 * ```ts
 * import { isTargetPoint, quickPlan } from '@fusegrad/bench';
 *
 * console.log(isTargetPoint({ batchTokens: 1024, vocabSize: 32768, beta: 0.5 })); // true
 * console.log(isTargetPoint({ batchTokens: 1024, vocabSize: 32768, beta: 0 })); // false
 * console.log(quickPlan().cases.filter((benchCase) => isTargetPoint(benchCase)).length); // 1
 * ```
 */
export function isTargetPoint(benchCase: Pick<BenchCase, 'batchTokens' | 'vocabSize' | 'beta'>): boolean {
  return (
    benchCase.batchTokens === TARGET_POINT.batchTokens &&
    benchCase.vocabSize === TARGET_POINT.vocabSize &&
    benchCase.beta === TARGET_POINT.beta
  );
}

/**
 * Builds the quick plan (`pnpm bench`): V = 4096, 16384 and 32768 at BT = 1024 in the full mode, every mode at the
 * target point, the KL end points at a small size, and a smaller batch at V = 32768, for every contender. It is
 * sized to finish in under 5 minutes on an otherwise idle 2-core machine.
 *
 * @returns The plan.
 * @example
 * ```ts
 * import { quickPlan } from '@fusegrad/bench';
 * console.log(quickPlan().cases.length);
 * ```
 */
export function quickPlan(): BenchPlan {
  const cases: PlannedCase[] = [];
  for (const vocabSize of [4096, 16384]) cases.push({ batchTokens: 1024, vocabSize, beta: 0.5, modes: ['full'], sweep: 'vocab' });
  cases.push({ ...TARGET_POINT, modes: ['forward', 'backward', 'full'], sweep: 'vocab' });
  for (const beta of [0, 1]) cases.push({ batchTokens: 1024, vocabSize: 4096, beta, modes: ['full'], sweep: 'beta' });
  cases.push({ batchTokens: 256, vocabSize: 32768, beta: 0.5, modes: ['full'], sweep: 'batch' });

  return {
    name: 'quick',
    cases: mergeCases(cases),
    timing: { warmup: 0, minRepetitions: 3, maxRepetitions: 5, modeBudgetMs: 4000, maxStepMs: 3000, targetMaxStepMs: 8000 },
    seed: 1,
    contenders: ALL_CONTENDERS,
    excluded: [],
    linear: null,
  };
}

/**
 * Builds the full plan (`pnpm bench --full`): V from 4096 to 131072 in powers of two at BT = 1024 and BT from 256
 * to 4096 at V = 32768, each at beta 0.5 in every mode and at beta 0 and 1 (the KL end points) in the full mode,
 * and the fused linear JSD memory measurement at BT = 4096, H = 256, V = 32768. The end points run the full mode
 * only because the fused node's backward hands over its cached gradient at every beta, so their forward and
 * backward steps would repeat what beta 0.5 shows. Slow contenders are capped by {@link TimingOptions.maxStepMs},
 * with the reason printed. The last run took 88 minutes on a 2-core machine.
 *
 * @returns The plan.
 * @example
 * ```ts
 * import { fullPlan } from '@fusegrad/bench';
 * console.log(fullPlan().cases.length);
 * ```
 */
export function fullPlan(): BenchPlan {
  const cases: PlannedCase[] = [];
  for (const beta of [0.5, 0, 1]) {
    const modes: Mode[] = beta === 0.5 ? ['forward', 'backward', 'full'] : ['full'];
    for (let vocabSize = 4096; vocabSize <= 131072; vocabSize *= 2) cases.push({ batchTokens: 1024, vocabSize, beta, modes, sweep: 'vocab' });
    for (let batchTokens = 256; batchTokens <= 4096; batchTokens *= 2) cases.push({ batchTokens, vocabSize: 32768, beta, modes, sweep: 'batch' });
  }

  return {
    name: 'full',
    cases: mergeCases(cases),
    timing: { warmup: 0, minRepetitions: 3, maxRepetitions: 10, modeBudgetMs: 10000, maxStepMs: 30000, targetMaxStepMs: 30000 },
    seed: 1,
    contenders: ALL_CONTENDERS,
    excluded: [],
    linear: LINEAR_TARGET_SIZES,
  };
}

/**
 * Builds a plan of two tiny cases (BT = 4, V = 64 in every mode and V = 128 in the full mode) over the two floors,
 * which runs in a few seconds: for trying the harness, for examples and for tests.
 *
 * @returns The plan.
 * @example
 * ```ts
 * import { runBenchmark, smokePlan } from '@fusegrad/bench';
 * const report = await runBenchmark({ plan: smokePlan() });
 * console.log(report.records.filter((record) => record.status === 'ok').length); // 4
 * ```
 */
export function smokePlan(): BenchPlan {
  return {
    name: 'smoke',
    cases: [
      { batchTokens: 4, vocabSize: 64, beta: 0.5, modes: ['forward', 'backward', 'full'], sweeps: ['vocab'] },
      { batchTokens: 4, vocabSize: 128, beta: 0.5, modes: ['full'], sweeps: ['vocab'] },
    ],
    timing: { warmup: 0, minRepetitions: 2, maxRepetitions: 2, modeBudgetMs: 100, maxStepMs: 1e9, targetMaxStepMs: 1e9 },
    seed: 1,
    contenders: ['loop', 'copy'],
    excluded: [],
    linear: null,
  };
}

interface PlannedCase {
  readonly batchTokens: number;
  readonly vocabSize: number;
  readonly beta: number;
  readonly modes: readonly Mode[];
  readonly sweep: string;
}

/** Merges points that several sweeps share, keeping the union of their modes and sweeps, in first-seen order. */
function mergeCases(planned: readonly PlannedCase[]): BenchCase[] {
  const merged = new Map<string, { batchTokens: number; vocabSize: number; beta: number; modes: Set<Mode>; sweeps: Set<string> }>();

  for (const item of planned) {
    const key = `${item.batchTokens}x${item.vocabSize}@${item.beta}`;
    const entry = merged.get(key) ?? { ...item, modes: new Set<Mode>(), sweeps: new Set<string>() };
    for (const mode of item.modes) entry.modes.add(mode);
    entry.sweeps.add(item.sweep);
    if (isTargetPoint(item)) entry.sweeps.add('target');
    merged.set(key, entry);
  }

  const order: Mode[] = ['forward', 'backward', 'full'];
  return [...merged.values()].map((entry) => ({
    batchTokens: entry.batchTokens,
    vocabSize: entry.vocabSize,
    beta: entry.beta,
    modes: order.filter((mode) => entry.modes.has(mode)),
    sweeps: [...entry.sweeps],
  }));
}
