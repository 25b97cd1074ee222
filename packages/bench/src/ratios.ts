import type { Mode } from './contender.js';
import type { CaseRecord } from './record.js';

/** The fused node against one other contender at one case and mode, from the same run. */
export interface Ratio {
  /** Fused contender id. */
  readonly fused: string;
  /** The contender it is compared with. */
  readonly baseline: string;
  /** Rows, BT. */
  readonly batchTokens: number;
  /** Vocabulary size, V. */
  readonly vocabSize: number;
  /** Weight of the teacher in the mixture. */
  readonly beta: number;
  /** The timed step. */
  readonly mode: Mode;
  /** Median time of the fused contender divided by the baseline's (below 1: the fused node is faster). */
  readonly time: number;
  /** Peak tensor bytes divided likewise; null when either has no accounting. */
  readonly tensorBytes: number | null;
  /** Peak process RSS divided likewise; null when either was not measured. */
  readonly rss: number | null;
}

/**
 * Computes the ratios of every fused contender to every non-fused contender wherever both were checked and timed
 * at the same case and mode.
 *
 * @param records - Every record of one run.
 * @returns One ratio per pair and point, in record order.
 * @example
 * ```ts
 * import { computeRatios } from '@fusegrad/bench';
 * console.log(computeRatios([]).length); // 0
 * ```
 */
export function computeRatios(records: readonly CaseRecord[]): Ratio[] {
  const timed = records.filter((record) => record.status === 'ok' && record.time);
  const ratios: Ratio[] = [];

  for (const fused of timed.filter((record) => record.group === 'fused')) {
    const baselines = timed.filter(
      (record) =>
        record.group !== 'fused' &&
        record.batchTokens === fused.batchTokens &&
        record.vocabSize === fused.vocabSize &&
        record.beta === fused.beta &&
        record.mode === fused.mode,
    );
    for (const baseline of baselines) {
      ratios.push({
        fused: fused.contender,
        baseline: baseline.contender,
        batchTokens: fused.batchTokens,
        vocabSize: fused.vocabSize,
        beta: fused.beta,
        mode: fused.mode,
        time: fused.time!.median / baseline.time!.median,
        tensorBytes: divideOrNull(fused.tensorPeakBytes, baseline.tensorPeakBytes),
        rss: divideOrNull(fused.rssPeakBytes, baseline.rssPeakBytes),
      });
    }
  }
  return ratios;
}

function divideOrNull(numerator: number | null | undefined, denominator: number | null | undefined): number | null {
  if (numerator == null || denominator == null || denominator === 0) return null;
  return numerator / denominator;
}
