import { isTargetPoint, TARGET_POINT } from '../plan.js';
import type { CaseRecord } from '../record.js';
import type { BenchReport } from './report.js';
import type { Chart } from './charts.js';

const MIB = 2 ** 20;

/**
 * Renders a run as a markdown page: the machine and command, the target verdicts, the ratios and first-call compile
 * times at the target point, where the time goes, pivot tables of the vocabulary sweep, every record, and the charts.
 *
 * @param report - A finished run.
 * @param charts - Charts written next to the page; each is linked as `<name>.svg`.
 * @returns The markdown text.
 * @example
 * ```ts
 * import { renderMarkdown, runBenchmark, smokePlan } from '@fusegrad/bench';
 * const report = await runBenchmark({ plan: smokePlan() });
 * console.log(renderMarkdown(report, []).split('\n')[0]); // # fusegrad JSD benchmark (smoke plan)
 * ```
 */
export function renderMarkdown(report: BenchReport, charts: readonly Pick<Chart, 'name' | 'title'>[]): string {
  const sections = [
    renderHeader(report),
    renderContenders(report),
    renderTargets(report),
    renderTargetPoint(report),
    renderBounds(report),
    renderLinear(report),
    renderPivots(report),
    renderCharts(charts),
    renderAllRecords(report),
  ];
  return `${sections.filter((section) => section !== '').join('\n\n')}\n`;
}

function renderHeader(report: BenchReport): string {
  const machine = report.machine;
  return [
    `# fusegrad JSD benchmark (${report.plan.name} plan)`,
    '',
    `- Date: ${report.startedAt} (${(report.durationMs / 60000).toFixed(1)} minutes)`,
    `- Command: \`${report.command}\``,
    `- Machine: ${machine.cpuModel}, ${machine.cpuCount} logical cores, ${(machine.memoryBytes / 2 ** 30).toFixed(0)} GiB, ${machine.os}, Node.js ${machine.node}, display ${machine.display ?? 'none'}`,
    `- Load average at the end (1, 5, 15 minutes): ${machine.loadAverage.join(', ')}; above ${machine.cpuCount}, other processes competed for the cores and times are inflated`,
    `- Timing: ${report.plan.timing.warmup} warm-up run(s), then ${report.plan.timing.minRepetitions} to ${report.plan.timing.maxRepetitions} timed runs per mode (garbage collected before each); cap ${report.plan.timing.maxStepMs} ms per step outside the target point; at the target point, a contender over ${report.plan.timing.targetMaxStepMs} ms per step is timed once, in the full mode`,
    '- Every contender is checked against a float64 reference before it is timed; one that fails is reported as `wrong` and not timed.',
    '- Peak tensor bytes include the inputs. Peak RSS is the whole worker process (Node.js itself, inputs, libraries).',
  ].join('\n');
}

function renderContenders(report: BenchReport): string {
  const rows = report.contenders.map((contender) => {
    const details = Object.entries(contender.details)
      .map(([key, value]) => `${key} ${value}`)
      .join(', ');
    return `| ${contender.id} | ${contender.label} | ${contender.status} | ${contender.accounting || '-'} | ${details || '-'} | ${escapeCell(contender.reason) || '-'} |`;
  });
  return ['## Contenders', '', '| id | contender | status | tensor accounting | details | reason |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

function renderTargets(report: BenchReport): string {
  if (report.targets.length === 0) return '## Targets\n\nNo fused contender ran at the target point, so no target could be judged.';
  const rows = report.targets.map((target) => {
    const measured = target.value === null ? '-' : `${target.value.toFixed(3)}x`;
    return `| ${target.source} | ${target.subject} | ${target.statement} | ${measured} | ${target.limit}x | **${target.status}** | ${escapeCell(target.note) || '-'} |`;
  });
  return [
    `## Targets (BT = ${TARGET_POINT.batchTokens}, V = ${TARGET_POINT.vocabSize}, beta ${TARGET_POINT.beta}, full mode)`,
    '',
    '| set by | fused contender | target | measured ratio | limit | verdict | note |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function renderTargetPoint(report: BenchReport): string {
  const ratios = report.ratios.filter((ratio) => isTargetPoint(ratio));
  const lines = ['## Ratios at the target point', ''];
  if (ratios.length === 0) {
    lines.push('No fused contender and baseline were both timed at the target point.');
  } else {
    lines.push('| fused | versus | mode | time ratio | peak tensor bytes ratio | peak RSS ratio |', '| --- | --- | --- | --- | --- | --- |');
    for (const ratio of ratios) {
      lines.push(`| ${ratio.fused} | ${ratio.baseline} | ${ratio.mode} | ${ratio.time.toFixed(3)} | ${formatRatio(ratio.tensorBytes)} | ${formatRatio(ratio.rss)} |`);
    }
  }

  const fusedFull = report.records.filter((record) => record.group === 'fused' && record.mode === 'full' && record.status === 'ok' && record.time);
  const firstCases = new Map<string, CaseRecord>();
  for (const record of fusedFull) if (!firstCases.has(record.contender)) firstCases.set(record.contender, record);
  if (firstCases.size > 0) {
    lines.push('', 'First-call compile time (the first full step of the first case, minus that case\'s median step):', '');
    for (const record of firstCases.values()) {
      const compile = record.firstCallMs! - record.time!.median;
      lines.push(
        `- First call ${record.contender} at BT = ${record.batchTokens}, V = ${record.vocabSize}: ${record.firstCallMs!.toFixed(0)} ms, median step ${record.time!.median.toFixed(1)} ms, so about ${Math.max(0, compile).toFixed(0)} ms of compiling`,
      );
    }
  }
  return lines.join('\n');
}

function renderBounds(report: BenchReport): string {
  const atTarget = report.records.filter((record) => isTargetPoint(record) && record.mode === 'full' && record.status === 'ok' && record.time);
  const find = (id: string) => atTarget.find((record) => record.contender === id);
  const elements = TARGET_POINT.batchTokens * TARGET_POINT.vocabSize;
  const nsPerElement = (record: CaseRecord) => (record.time!.median * 1e6) / elements;
  const lines = ['## Where the time goes at the target point', ''];

  const copy = find('copy');
  const loop = find('loop');
  if (copy) {
    const gigabytesPerSecond = (2 * elements * 4) / (copy.time!.median * 1e6);
    lines.push(
      `- Memory traffic: copying the ${elements} student floats into a fresh array takes ${copy.time!.median.toFixed(1)} ms (${gigabytesPerSecond.toFixed(1)} GB/s read plus write, page faults of the new array included), the floor for any pass that returns a new gradient.`,
    );
  }
  if (loop) {
    const againstCopy = copy ? `, ${(loop.time!.median / copy.time!.median).toFixed(0)}x the copy, so exp and log throughput bounds it rather than memory bandwidth` : '';
    lines.push(`- The handwritten loop takes ${loop.time!.median.toFixed(0)} ms, ${nsPerElement(loop).toFixed(1)} ns per element (three exp and one log1p each)${againstCopy}${formatLoad(loop)}.`);
  }
  for (const record of atTarget.filter((item) => item.group !== 'floor')) {
    const againstLoop = loop ? `, ${(record.time!.median / loop.time!.median).toFixed(2)}x the loop` : '';
    lines.push(`- ${record.label}: ${record.time!.median.toFixed(0)} ms, ${nsPerElement(record).toFixed(1)} ns per element${againstLoop}${formatLoad(record)}.`);
  }
  return lines.length > 2 ? lines.join('\n') : '';
}

function renderLinear(report: BenchReport): string {
  const record = report.linear;
  if (!record) return '';
  const lines = [`## Fused linear JSD memory (BT = ${record.rows}, H = ${record.hiddenSize}, V = ${record.vocabSize})`, ''];
  if (record.status !== 'ok') {
    lines.push(`${record.status}: ${record.reason ?? ''}`);
    return lines.join('\n');
  }
  lines.push(
    'One forward and backward of `fusedLinearJSD` against linear, logSoftmax and jsdUnfused composed through autograd, after a small check that both give the same loss and gradients (largest relative difference ' +
      `${record.checkError!.toExponential(1)}).`,
    '',
    '| path | peak tensor MiB | time ms |',
    '| --- | --- | --- |',
    `| fusedLinearJSD | ${formatMib(record.fusedPeakBytes)} | ${record.fusedMs!.toFixed(0)} |`,
    `| unfused${record.unfusedEstimated ? ` (extrapolated from ${record.unfusedMeasuredRows?.join(' and ')} rows)` : ''} | ${formatMib(record.unfusedPeakBytes)} | ${record.unfusedMs!.toFixed(0)} |`,
    '',
    `Ratio ${record.ratio!.toFixed(3)} with the ${formatMib(record.inputBytes)} MiB of inputs counted in both, ${record.ratioAboveInputs!.toFixed(3)} without them.`,
  );
  return lines.join('\n');
}

function renderPivots(report: BenchReport): string {
  const sweep = report.records.filter((record) => record.sweeps.includes('vocab') && record.beta === 0.5 && record.mode === 'full');
  const batchTokens = sweep[0]?.batchTokens ?? 0;
  const vocabSizes = [...new Set(sweep.map((record) => record.vocabSize))].sort((a, b) => a - b);
  const contenders = [...new Set(sweep.map((record) => record.contender))];
  if (vocabSizes.length === 0) return '';

  const table = (title: string, cell: (record: CaseRecord) => string) => {
    const lines = [title, '', `| V | ${contenders.join(' | ')} |`, `| --- |${contenders.map(() => ' --- |').join('')}`];
    for (const vocabSize of vocabSizes) {
      const cells = contenders.map((id) => {
        const record = sweep.find((item) => item.contender === id && item.vocabSize === vocabSize);
        if (!record) return '-';
        return record.status === 'ok' ? cell(record) : record.status;
      });
      lines.push(`| ${vocabSize} | ${cells.join(' | ')} |`);
    }
    return lines.join('\n');
  };

  return [
    table(`## Vocabulary sweep, BT = ${batchTokens}, beta 0.5, full mode: median ms`, (record) => record.time!.median.toFixed(1)),
    table('### Peak tensor MiB (inputs included)', (record) => formatMib(record.tensorPeakBytes)),
    table('### Peak RSS MiB (whole worker process)', (record) => formatMib(record.rssPeakBytes)),
  ].join('\n\n');
}

function renderCharts(charts: readonly { name: string; title: string }[]): string {
  if (charts.length === 0) return '';
  return ['## Charts', ...charts.map((chart) => `![${chart.title}](${chart.name}.svg)`)].join('\n\n');
}

function renderAllRecords(report: BenchReport): string {
  const rows = report.records.map((record) => {
    const time = record.time ? `${record.time.median.toFixed(1)} (${record.time.p20.toFixed(1)}-${record.time.p80.toFixed(1)})` : '-';
    const check = record.check?.gradNormRelError === undefined ? (record.check ? (record.check.ok ? 'ok' : 'wrong') : '-') : record.check.gradNormRelError.toExponential(1);
    const load = record.loadAverage === undefined ? '-' : record.loadAverage.toFixed(1);
    return `| ${record.contender} | ${record.batchTokens} | ${record.vocabSize} | ${record.beta} | ${record.mode} | ${record.status} | ${time} | ${formatMib(record.tensorPeakBytes)} | ${formatMib(record.rssPeakBytes)} | ${check} | ${load} | ${escapeCell(record.reason ?? '') || '-'} |`;
  });
  return [
    '## Every record',
    '',
    'Time is the median with the 20th-80th percentile range, in ms. "grad error" is the largest gradient error divided by the largest reference gradient element. "load" is the 1-minute load average when the record was made.',
    '',
    '| contender | BT | V | beta | mode | status | time ms | tensors MiB | RSS MiB | grad error | load | note |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function formatLoad(record: CaseRecord): string {
  return record.loadAverage === undefined ? '' : ` (load average ${record.loadAverage.toFixed(1)})`;
}

function formatMib(bytes: number | null | undefined): string {
  return bytes == null ? '-' : (bytes / MIB).toFixed(0);
}

function formatRatio(value: number | null): string {
  return value === null ? '-' : value.toFixed(3);
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
