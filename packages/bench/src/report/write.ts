import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { svgToPng } from '@fusegrad/plot';

import { buildCharts } from './charts.js';
import { renderMarkdown } from './markdown.js';
import type { BenchReport } from './report.js';

/**
 * Writes a run's results to a folder: `results.json`, `results.md`, and each chart as `<name>.svg` and `<name>.png`.
 * The folder is created when missing and existing files of those names are replaced.
 *
 * @param report - A finished run.
 * @param outDir - Folder to write to.
 * @returns The paths written.
 * @example
 * ```ts
 * import { runBenchmark, smokePlan, writeReport } from '@fusegrad/bench';
 * const report = await runBenchmark({ plan: smokePlan() });
 * const files = await writeReport(report, 'bench-results');
 * console.log(files.length); // 6: results.json, results.md and two charts as SVG and PNG
 * ```
 */
export async function writeReport(report: BenchReport, outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  const write = async (name: string, content: string | Uint8Array) => {
    const path = join(outDir, name);
    await writeFile(path, content);
    written.push(path);
  };

  const charts = buildCharts(report);
  await write('results.json', `${JSON.stringify(report, null, 1)}\n`);
  await write('results.md', renderMarkdown(report, charts));
  for (const chart of charts) {
    await write(`${chart.name}.svg`, chart.svg);
    await write(`${chart.name}.png`, svgToPng(chart.svg, { scale: 2 }));
  }
  return written;
}
