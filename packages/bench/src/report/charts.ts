import { lineChart, type Series } from '@fusegrad/plot';

import type { CaseRecord } from '../record.js';
import type { BenchReport } from './report.js';

/** A chart ready to be written: a file stem and its SVG document. */
export interface Chart {
  /** File name without extension, e.g. `speed-vs-vocab`. */
  readonly name: string;
  /** Alt text for the docs page. */
  readonly title: string;
  /** The SVG document. */
  readonly svg: string;
}

const MIB = 2 ** 20;

/**
 * Draws speed and memory against the vocabulary size over the plan's vocabulary sweep (BT = 1024 in the quick and
 * full plans) at beta 0.5, full mode (forward and backward): median seconds per step for every contender, median
 * milliseconds for those within 3x of the handwritten loop, and peak tensor MiB. Each line is a contender timed at
 * two or more sizes; a chart with no such line is left out.
 *
 * @param report - A finished run.
 * @returns Zero to three charts.
 * @example
 * ```ts
 * import { buildCharts, runBenchmark, smokePlan } from '@fusegrad/bench';
 * const report = await runBenchmark({ plan: smokePlan() });
 * for (const chart of buildCharts(report)) console.log(chart.name);
 * ```
 */
export function buildCharts(report: BenchReport): Chart[] {
  const sweep = report.records.filter(
    (record) => record.sweeps.includes('vocab') && record.beta === 0.5 && record.mode === 'full' && record.status === 'ok' && record.time,
  );
  const batchTokens = sweep[0]?.batchTokens ?? 0;
  const charts: Chart[] = [];

  const vocabSizes = [...new Set(sweep.map((record) => record.vocabSize))].sort((a, b) => a - b);
  const xLabel = 'vocabulary size V (thousands, K = 1024)';

  const speed = seriesBy(sweep, vocabSizes, (record) => record.time!.median / 1000);
  if (speed.length > 0) {
    const title = `JSD loss and gradient, BT = ${batchTokens}: median seconds per step`;
    charts.push({ name: 'speed-vs-vocab', title, svg: lineChart(speed, { title, xLabel, yLabel: 'seconds' }) });
  }

  // The slow contenders flatten every other line, so a second chart keeps those within 3x of the loop at every V.
  const loopTimes = new Map(sweep.filter((record) => record.contender === 'loop').map((record) => [record.vocabSize, record.time!.median]));
  const isFast = (record: CaseRecord) => {
    const loopMs = loopTimes.get(record.vocabSize);
    return loopMs !== undefined && record.time!.median <= 3 * loopMs;
  };
  const fastContenders = new Set(
    [...new Set(sweep.map((record) => record.contender))].filter((id) => sweep.filter((record) => record.contender === id).every(isFast)),
  );
  const fast = seriesBy(sweep.filter((record) => fastContenders.has(record.contender)), vocabSizes, (record) => record.time!.median);
  if (fast.length > 0 && fast.length < speed.length) {
    const title = `Within 3x of the loop, BT = ${batchTokens}: median ms per step`;
    charts.push({ name: 'speed-vs-vocab-fast', title, svg: lineChart(fast, { title, xLabel, yLabel: 'milliseconds' }) });
  }

  const memory = seriesBy(sweep, vocabSizes, (record) => (record.tensorPeakBytes == null ? Number.NaN : record.tensorPeakBytes / MIB));
  if (memory.length > 0) {
    const title = `JSD loss and gradient, BT = ${batchTokens}: peak tensor memory`;
    charts.push({ name: 'memory-vs-vocab', title, svg: lineChart(memory, { title, xLabel, yLabel: 'MiB (inputs included)' }) });
  }
  return charts;
}

/** Builds one series per contender over every V of the sweep, with a gap at each V the contender was not timed at. */
function seriesBy(records: readonly CaseRecord[], vocabSizes: readonly number[], value: (record: CaseRecord) => number): Series[] {
  const labels = [...new Set(records.map((record) => record.label))];
  const series: Series[] = [];

  for (const label of labels) {
    const y = vocabSizes.map((vocabSize) => {
      const record = records.find((item) => item.label === label && item.vocabSize === vocabSize);
      return record ? value(record) : Number.NaN;
    });
    if (y.filter(Number.isFinite).length < 2) continue;
    series.push({ name: label, x: vocabSizes.map((vocabSize) => vocabSize / 1024), y });
  }
  return series;
}
