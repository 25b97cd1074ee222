import { performance } from 'node:perf_hooks';

import type { BenchPlan } from './plan.js';
import { computeRatios } from './ratios.js';
import { describeMachine, type BenchReport } from './report/report.js';
import { runContenders, runLinearSuite } from './runner.js';
import { evaluateLinearTarget, evaluateTargets } from './targets.js';

/** Inputs to {@link runBenchmark}. */
export interface RunBenchmarkOptions {
  /** The plan to run. */
  readonly plan: BenchPlan;
  /** Contender ids (default: the plan's). */
  readonly contenders?: readonly string[];
  /** Extra modules exporting contenders. */
  readonly modules?: readonly string[];
  /** The command line to record (default: this process's arguments). */
  readonly command?: string;
  /** Receives progress lines. */
  readonly log?: (line: string) => void;
}

/**
 * Runs a benchmark plan over the contenders and assembles the report: records, ratios within the run, and target
 * verdicts.
 *
 * @param options - Plan, contenders, extra modules, command and log.
 * @returns The report, ready for `writeReport`.
 * @example
 * ```ts
 * import { runBenchmark, smokePlan, writeReport } from '@fusegrad/bench';
 * const report = await runBenchmark({ plan: smokePlan(), log: console.log });
 * await writeReport(report, 'bench-results');
 * ```
 */
export async function runBenchmark(options: RunBenchmarkOptions): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  const started = performance.now();

  const { records, contenders } = await runContenders(options.plan, {
    contenders: options.contenders ?? options.plan.contenders,
    modules: options.modules ?? [],
    ...(options.log ? { log: options.log } : {}),
  });
  const ratios = computeRatios(records);
  let linear = null;
  if (options.plan.linear) {
    options.log?.(`fused linear JSD memory at BT = ${options.plan.linear.rows}, H = ${options.plan.linear.hiddenSize}, V = ${options.plan.linear.vocabSize}: starting`);
    linear = await runLinearSuite(options.plan.linear);
    options.log?.(`  ${linear.status}${linear.ratio === undefined ? '' : `: peak tensor bytes ratio ${linear.ratio.toFixed(3)}`}${linear.reason ? ` (${linear.reason})` : ''}`);
  }
  if (!options.contenders) {
    for (const excluded of options.plan.excluded) {
      contenders.push({ id: excluded.id, label: excluded.id, group: null, status: 'skipped', reason: excluded.reason, accounting: '', details: {} });
    }
  }

  return {
    formatVersion: 1,
    plan: options.plan,
    command: options.command ?? process.argv.slice(1).join(' '),
    startedAt,
    durationMs: performance.now() - started,
    machine: describeMachine(),
    contenders,
    records,
    ratios,
    linear,
    targets: [...evaluateTargets(records, ratios), evaluateLinearTarget(linear)],
  };
}
