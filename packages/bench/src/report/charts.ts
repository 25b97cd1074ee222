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
 * full plans) at beta 0.5, full mode (forward and backward):
 * median milliseconds per step, and peak tensor MiB, one line per contender that was timed at two or more sizes.
 * Charts with no such contender are left out.
 *
 * @param report - A finished run.
 * @returns Zero to two charts.
 * @example
 * ```ts
 * import { buildCharts, type BenchReport } from '@fusegrad/bench';
 * declare const report: BenchReport;
 * for (const chart of buildCharts(report)) console.log(chart.name);
 * ```
 */
export function buildCharts(report: BenchReport): Chart[] {
  const sweep = report.records.filter(
    (record) => record.sweeps.includes('vocab') && record.beta === 0.5 && record.mode === 'full' && record.status === 'ok' && record.time,
  );
  const batchTokens = sweep[0]?.batchTokens ?? 0;
  const charts: Chart[] = [];

  const speed = seriesBy(sweep, (record) => record.time!.median);
  if (speed.length > 0) {
    const title = `JSD loss and gradient, BT = ${batchTokens}: median time per step`;
    charts.push({ name: 'speed-vs-vocab', title, svg: lineChart(speed, { title, xLabel: 'vocabulary size V', yLabel: 'milliseconds' }) });
  }

  const memory = seriesBy(sweep, (record) => (record.tensorPeakBytes == null ? Number.NaN : record.tensorPeakBytes / MIB));
  if (memory.length > 0) {
    const title = `JSD loss and gradient, BT = ${batchTokens}: peak tensor memory`;
    charts.push({ name: 'memory-vs-vocab', title, svg: lineChart(memory, { title, xLabel: 'vocabulary size V', yLabel: 'MiB (inputs included)' }) });
  }
  return charts;
}

function seriesBy(records: readonly CaseRecord[], value: (record: CaseRecord) => number): Series[] {
  const byContender = new Map<string, CaseRecord[]>();
  for (const record of records) byContender.set(record.label, [...(byContender.get(record.label) ?? []), record]);

  const series: Series[] = [];
  for (const [name, points] of byContender) {
    const sorted = [...points].sort((a, b) => a.vocabSize - b.vocabSize);
    const y = sorted.map(value);
    if (y.filter(Number.isFinite).length < 2) continue;
    series.push({ name, x: sorted.map((record) => record.vocabSize), y });
  }
  return series;
}
