/** Wall-time statistics of one measured case, in milliseconds. */
export interface TimeSummary {
  /** The 50th percentile. */
  readonly median: number;
  /** The 20th percentile. */
  readonly p20: number;
  /** The 80th percentile. */
  readonly p80: number;
  /** The fastest sample. */
  readonly min: number;
  /** Every timed sample, in the order measured. */
  readonly samples: readonly number[];
}

/**
 * Summarises timed samples by the median and the 20th and 80th percentiles (linear interpolation between the two
 * nearest ranks, like numpy's default).
 *
 * @param samples - Wall times in milliseconds, at least one.
 * @returns The summary; `samples` is copied.
 * @throws Error when `samples` is empty.
 * @example
 * ```ts
 * import { summarizeTimes } from '@fusegrad/bench';
 * console.log(summarizeTimes([3, 1, 2]).median); // 2
 * ```
 */
export function summarizeTimes(samples: readonly number[]): TimeSummary {
  if (samples.length === 0) {
    throw new Error('summarizeTimes: no samples; time at least one repetition');
  }

  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: percentile(sorted, 0.5),
    p20: percentile(sorted, 0.2),
    p80: percentile(sorted, 0.8),
    min: sorted[0],
    samples: [...samples],
  };
}

function percentile(sorted: readonly number[], fraction: number): number {
  const position = fraction * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}
