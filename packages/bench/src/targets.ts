import type { LinearRecord } from './linear/linear-suite.js';
import { LINEAR_TARGET_SIZES, TARGET_POINT } from './plan.js';
import type { Ratio } from './ratios.js';
import type { CaseRecord } from './record.js';

/** The verdict on one target for one contender. */
export interface TargetResult {
  /** Target id, e.g. `time-vs-unfused`. */
  readonly id: string;
  /** The target as a sentence. */
  readonly statement: string;
  /** The work that set the target: the fused JSD node, or the fast CPU path. */
  readonly source: string;
  /** The fused contender the verdict is about. */
  readonly subject: string;
  /** `met`, `missed`, or `not measured` when a contender it needs did not run correctly. */
  readonly status: 'met' | 'missed' | 'not measured';
  /** The measured ratio, or null when not measured. */
  readonly value: number | null;
  /** The bound the ratio must stay at or under (strictly under for "faster than"). */
  readonly limit: number;
  /** The reason it is not measured; empty otherwise. */
  readonly note: string;
}

interface TargetDefinition {
  readonly id: string;
  readonly statement: string;
  readonly source: string;
  readonly baseline: string;
  readonly metric: 'time' | 'tensorBytes';
  readonly limit: number;
  readonly strict: boolean;
  /** Fused contenders the target is about; undefined means every fused contender that ran. */
  readonly subjects?: readonly string[];
}

const NODE = 'fused JSD node';
const FAST_PATH = 'fast CPU path';

const DEFINITIONS: readonly TargetDefinition[] = [
  { id: 'time-vs-unfused', statement: 'at most 0.4x the time of jsdUnfused', source: NODE, baseline: 'unfused', metric: 'time', limit: 0.4, strict: false },
  { id: 'memory-vs-unfused', statement: 'at most 0.2x the peak tensor bytes of jsdUnfused', source: NODE, baseline: 'unfused', metric: 'tensorBytes', limit: 0.2, strict: false },
  { id: 'time-vs-tfjs-cpu', statement: 'faster than TF.js on its cpu backend', source: NODE, baseline: 'tfjs-cpu', metric: 'time', limit: 1, strict: true },
  { id: 'time-vs-tfjs-wasm', statement: 'faster than TF.js on its wasm backend', source: NODE, baseline: 'tfjs-wasm', metric: 'time', limit: 1, strict: true },
  { id: 'cpu-vs-loop', statement: 'on the cpu backend, within 1.3x of the handwritten loop', source: NODE, baseline: 'loop', metric: 'time', limit: 1.3, strict: false, subjects: ['fused-cpu'] },
  { id: 'headlessgl-vs-loop', statement: 'on headlessgl, faster than the handwritten loop', source: NODE, baseline: 'loop', metric: 'time', limit: 1, strict: true, subjects: ['fused-headlessgl'] },
  // The fast path's targets are about the path that 'auto' picks; explicit backends run its kernels in one thread.
  { id: 'fast-vs-loop', statement: 'at most 0.25x the time of the handwritten loop', source: FAST_PATH, baseline: 'loop', metric: 'time', limit: 0.25, strict: false, subjects: ['fused-auto'] },
  { id: 'fast-vs-unfused', statement: 'at most 0.1x the time of jsdUnfused', source: FAST_PATH, baseline: 'unfused', metric: 'time', limit: 0.1, strict: false, subjects: ['fused-auto'] },
];

/**
 * Judges the targets, all stated as ratios from one run at BT = 1024, V = 32768, beta 0.5, full mode: for the fused
 * JSD node, at most 0.4x the time and 0.2x the peak tensor bytes of jsdUnfused, faster than TF.js on both
 * backends, within 1.3x of the handwritten loop on cpu and faster than it on headlessgl. For the fast CPU path that
 * `'auto'` picks: at most 0.25x the loop's time and 0.1x jsdUnfused's. A target about "the fused node" is judged
 * for every fused backend that ran.
 *
 * @param records - Every record of the run.
 * @param ratios - The run's ratios from {@link computeRatios}.
 * @returns One verdict per target and fused contender.
 * @example
 * ```ts
 * import { evaluateTargets } from '@fusegrad/bench';
 * console.log(evaluateTargets([], []).length); // 0 when no fused contender ran
 * ```
 */
export function evaluateTargets(records: readonly CaseRecord[], ratios: readonly Ratio[]): TargetResult[] {
  const atTarget = (record: Pick<CaseRecord, 'batchTokens' | 'vocabSize' | 'beta' | 'mode'>): boolean =>
    record.batchTokens === TARGET_POINT.batchTokens &&
    record.vocabSize === TARGET_POINT.vocabSize &&
    record.beta === TARGET_POINT.beta &&
    record.mode === 'full';
  const fusedIds = [...new Set(records.filter((record) => record.group === 'fused' && atTarget(record)).map((record) => record.contender))];
  const results: TargetResult[] = [];

  for (const definition of DEFINITIONS) {
    const subjects = definition.subjects ?? fusedIds;
    for (const subject of subjects) {
      const base = { id: definition.id, statement: definition.statement, source: definition.source, subject, limit: definition.limit };
      const ratio = ratios.find((item) => item.fused === subject && item.baseline === definition.baseline && atTarget(item));
      const value = ratio ? ratio[definition.metric] : null;

      if (value === null) {
        const absence = [subject, definition.baseline]
          .map((id) => describeAbsence(records.find((record) => record.contender === id && atTarget(record)), id))
          .filter((text) => text !== '')
          .join('; ');
        const nearest = nearestSmallerRatio(ratios, subject, definition.baseline, definition.metric);
        const note = [absence || 'no ratio at the target point', nearest].filter((text) => text !== '').join('; ');
        results.push({ ...base, status: 'not measured', value: null, note });
        continue;
      }

      const met = definition.strict ? value < definition.limit : value <= definition.limit;
      results.push({ ...base, status: met ? 'met' : 'missed', value, note: '' });
    }
  }
  return results;
}

/** Describes the ratio at the largest smaller V of the vocabulary sweep (BT = 1024, beta 0.5, full) where both ran. */
function nearestSmallerRatio(ratios: readonly Ratio[], fused: string, baseline: string, metric: 'time' | 'tensorBytes'): string {
  const candidates = ratios
    .filter(
      (ratio) =>
        ratio.fused === fused &&
        ratio.baseline === baseline &&
        ratio.batchTokens === TARGET_POINT.batchTokens &&
        ratio.beta === TARGET_POINT.beta &&
        ratio.mode === 'full' &&
        ratio.vocabSize < TARGET_POINT.vocabSize &&
        ratio[metric] !== null,
    )
    .sort((a, b) => b.vocabSize - a.vocabSize);
  const nearest = candidates[0];
  return nearest ? `at V = ${nearest.vocabSize}, the largest size where both ran, the ratio is ${nearest[metric]!.toFixed(3)}x` : '';
}

function describeAbsence(record: CaseRecord | undefined, id: string): string {
  if (!record) return `${id} did not run at the target point`;
  if (record.status === 'ok' && record.time) return record.tensorPeakBytes == null ? `${id} has no tensor accounting` : '';
  return `${id} ${record.status}${record.reason ? `: ${record.reason}` : ''}`;
}

/**
 * Judges the fused linear JSD target: at BT = 4096, H = 256, V = 32768, the peak tensor bytes of `fusedLinearJSD`
 * forward and backward at most a quarter of the unfused path's (linear, logSoftmax and jsdUnfused through
 * autograd), inputs included in both.
 *
 * @param record - The measurement, or null when the plan left it out.
 * @returns The verdict, with subject `fusedLinearJSD`.
 * @example
 * ```ts
 * import { evaluateLinearTarget } from '@fusegrad/bench';
 * console.log(evaluateLinearTarget(null).status); // not measured
 * ```
 */
export function evaluateLinearTarget(record: LinearRecord | null): TargetResult {
  const base = {
    id: 'linear-memory-vs-unfused',
    statement: `at BT = ${LINEAR_TARGET_SIZES.rows}, H = ${LINEAR_TARGET_SIZES.hiddenSize}, V = ${LINEAR_TARGET_SIZES.vocabSize}, at most 0.25x the peak tensor bytes of the unfused path`,
    source: 'fused linear JSD',
    subject: 'fusedLinearJSD',
    limit: 0.25,
  };
  if (!record) return { ...base, status: 'not measured', value: null, note: 'measured by the full plan only (the unfused path needs several GiB and minutes)' };

  const atTargetSizes =
    record.rows === LINEAR_TARGET_SIZES.rows && record.hiddenSize === LINEAR_TARGET_SIZES.hiddenSize && record.vocabSize === LINEAR_TARGET_SIZES.vocabSize;
  if (record.status !== 'ok' || record.ratio === undefined || !atTargetSizes) {
    const note = record.status === 'ok' ? `measured at BT = ${record.rows}, H = ${record.hiddenSize}, V = ${record.vocabSize} instead` : `${record.status}: ${record.reason ?? ''}`;
    return { ...base, status: 'not measured', value: record.ratio ?? null, note };
  }
  const note = record.unfusedEstimated
    ? `the unfused peak is extrapolated linearly from runs at ${record.unfusedMeasuredRows?.join(' and ')} rows`
    : '';
  return { ...base, status: record.ratio <= base.limit ? 'met' : 'missed', value: record.ratio, note };
}
