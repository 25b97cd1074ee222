/**
 * The `bench` command: `node dist/cli.js [--full] [--contenders id,id] [--out DIR] [--module FILE]`. Without a
 * display it starts itself again under `xvfb-run` (Debian's xvfb package) so that the headlessgl backend can run.
 *
 * @packageDocumentation
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { runBenchmark } from './bench.js';
import { BUILT_IN_CONTENDER_IDS } from './contenders/registry.js';
import { fullPlan, quickPlan } from './plan.js';
import { computeRatios } from './ratios.js';
import type { BenchReport } from './report/report.js';
import { evaluateLinearTarget, evaluateTargets } from './targets.js';
import { writeReport } from './report/write.js';

const USAGE = `Usage: pnpm bench [--full] [--contenders ID,ID] [--out DIR] [--module FILE]

  --full            run every sweep (V 4096..131072 at BT 1024, BT 256..4096 at V 32768; beta 0.5 in every
                    mode, beta 0 and 1 in the full mode) and the fused linear JSD memory measurement; without
                    it, the quick plan (under 5 minutes on 2 cores)
  --contenders IDS  comma-separated contender ids (default: the plan's; built in: ${BUILT_IN_CONTENDER_IDS.join(',')})
  --out DIR         folder for results.json, results.md and the charts (default: results/quick or results/full
                    in the bench package); relative paths start where pnpm bench was run
  --module FILE     an ES module exporting \`contenders\`, an array of extra contenders (repeatable)
  --render FILE     measure nothing: recompute the ratios and targets of an earlier results.json and write the
                    markdown page and charts next to it again`;

interface CliOptions {
  readonly full: boolean;
  readonly contenders: readonly string[] | null;
  readonly outDir: string | null;
  readonly modules: readonly string[];
  readonly render: string | null;
}

/**
 * The folder that relative paths on the command line are taken from: where the user ran `pnpm bench`, which pnpm
 * passes as INIT_CWD, since pnpm runs the script itself in the bench package.
 */
const USER_DIRECTORY = process.env['INIT_CWD'] ?? process.cwd();

function parseArguments(args: readonly string[]): CliOptions | null {
  let full = false;
  let contenders: string[] | null = null;
  let outDir: string | null = null;
  let render: string | null = null;
  const modules: string[] = [];

  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const next = args[++i];
      if (next === undefined) throw new Error(`bench: ${arg} needs a value\n\n${USAGE}`);
      return next;
    };
    if (arg === '--') continue;
    else if (arg === '--full') full = true;
    else if (arg === '--quick') full = false;
    else if (arg === '--contenders') contenders = value().split(',').filter((id) => id !== '');
    else if (arg === '--out') outDir = resolve(USER_DIRECTORY, value());
    else if (arg === '--module') modules.push(pathToFileURL(resolve(USER_DIRECTORY, value())).href);
    else if (arg === '--render') render = resolve(USER_DIRECTORY, value());
    else if (arg === '--help' || arg === '-h') return null;
    else throw new Error(`bench: unknown option '${arg}'\n\n${USAGE}`);
  }
  return { full, contenders, outDir, modules, render };
}

function rerunUnderXvfb(): boolean {
  if (process.env['DISPLAY'] || process.env['FUSEGRAD_NO_XVFB']) return false;
  if (spawnSync('sh', ['-c', 'command -v xvfb-run'], { stdio: 'ignore' }).status !== 0) return false;

  const rerun = spawnSync('xvfb-run', ['-a', '-s', '-screen 0 1280x1024x24', process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, FUSEGRAD_NO_XVFB: '1' },
  });
  process.exit(rerun.status ?? 1);
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  if (!options) {
    console.log(USAGE);
    return;
  }
  if (options.render) {
    const report = JSON.parse(await readFile(options.render, 'utf8')) as BenchReport;
    const ratios = computeRatios(report.records);
    const targets = [...evaluateTargets(report.records, ratios), evaluateLinearTarget(report.linear ?? null)];
    const files = await writeReport({ ...report, ratios, targets }, dirname(options.render));
    console.log(`Wrote ${files.join(', ')}`);
    return;
  }
  rerunUnderXvfb();

  const plan = options.full ? fullPlan() : quickPlan();
  const outDir = options.outDir ?? fileURLToPath(new URL(`../results/${plan.name}`, import.meta.url));
  console.log(`bench: ${plan.name} plan, ${plan.cases.length} cases, results to ${outDir}`);

  const report = await runBenchmark({
    plan,
    ...(options.contenders ? { contenders: options.contenders } : {}),
    modules: options.modules,
    command: `pnpm bench${options.full ? ' --full' : ''}${options.contenders ? ` --contenders ${options.contenders.join(',')}` : ''}`,
    log: (line) => console.log(line),
  });
  const files = await writeReport(report, outDir);

  console.log('\nTargets (BT = 1024, V = 32768, beta 0.5, full mode):');
  for (const target of report.targets) {
    const value = target.value === null ? 'not measured' : `${target.value.toFixed(3)}x (limit ${target.limit}x)`;
    console.log(`  ${target.status.padEnd(12)} ${target.subject}: ${target.statement}: ${value}${target.note ? ` (${target.note})` : ''}`);
  }
  console.log(`\nWrote ${files.length} files in ${((report.durationMs) / 60000).toFixed(1)} minutes: ${files.join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
