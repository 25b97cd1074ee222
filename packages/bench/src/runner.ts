import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { ContenderGroup } from './contender.js';
import type { BenchCase, BenchPlan } from './plan.js';
import type { CaseRecord } from './record.js';
import type { LinearRecord, LinearSuiteSizes } from './linear/linear-suite.js';
import type { ContenderJob, WorkerMessage } from './worker.js';

/** The outcome of one contender's worker process. */
export interface ContenderSummary {
  /** Contender id. */
  readonly id: string;
  /** Label for tables; the id when the worker never reported one. */
  readonly label: string;
  /** Role in the comparison, when known. */
  readonly group: ContenderGroup | null;
  /** Whether it ran, or why not. */
  readonly status: 'ran' | 'skipped' | 'failed';
  /** The reason it was skipped or failed; empty when it ran. */
  readonly reason: string;
  /** Name of its tensor accounting. */
  readonly accounting: string;
  /** Facts such as the backend that ran. */
  readonly details: Record<string, string>;
}

/** The outcome of {@link runContenders}. */
export interface RunContendersResult {
  /** One record per case, contender and mode, in the order they ran. */
  readonly records: CaseRecord[];
  /** One summary per contender, in the order of `RunContendersOptions.contenders`. */
  readonly contenders: ContenderSummary[];
}

/** Inputs to {@link runContenders}. */
export interface RunContendersOptions {
  /** Contender ids in the order to run them. */
  readonly contenders: readonly string[];
  /** Extra modules that export contenders (see `createContender`). */
  readonly modules?: readonly string[];
  /** Receives progress lines. */
  readonly log?: (line: string) => void;
}

const WORKER_PATH = fileURLToPath(new URL('./worker.js', import.meta.url));

/**
 * Runs a plan: one worker process per contender, in turn (never in parallel, so they do not compete for cores),
 * each started with `--expose-gc`. The workers share each case's inputs and float64 reference through files in a
 * temporary folder, removed at the end. A worker that dies (for example out of memory) has its missing cases recorded as
 * failed with the exit code and the end of its stderr.
 *
 * @param plan - Cases, timing and seed.
 * @param options - Contenders, extra modules and a log function.
 * @returns Every record and a summary per contender.
 * @example
 * ```ts
 * import { runContenders, smokePlan } from '@fusegrad/bench';
 * const { records, contenders } = await runContenders(smokePlan(), { contenders: ['loop', 'copy'] });
 * console.log(contenders.map((contender) => contender.status), records.length); // [ 'ran', 'ran' ] 8
 * ```
 */
export async function runContenders(
  plan: BenchPlan,
  options: RunContendersOptions,
): Promise<RunContendersResult> {
  const log = options.log ?? (() => {});
  const records: CaseRecord[] = [];
  const contenders: ContenderSummary[] = [];
  const cacheFolder = await mkdtemp(join(tmpdir(), 'fusegrad-bench-'));

  try {
    for (const id of options.contenders) {
      log(`${id}: starting`);
      const onRecord = (record: CaseRecord) => {
        records.push(record);
        log(`  ${describeRecord(record)}`);
      };
      contenders.push(await runContenderWorkers(id, plan, options.modules ?? [], cacheFolder, onRecord, log));
    }
  } finally {
    await rm(cacheFolder, { recursive: true, force: true });
  }

  return { records, contenders };
}

/**
 * Runs the fused linear JSD memory measurement in its own worker process, with `--expose-gc`.
 *
 * @param sizes - BT, H and V.
 * @returns The record; `failed` with the exit code and the end of stderr when the worker dies (for example out of
 *   memory in the unfused path).
 * @example
 * ```ts
 * import { runLinearSuite } from '@fusegrad/bench';
 * const record = await runLinearSuite({ rows: 64, hiddenSize: 16, vocabSize: 1024 });
 * ```
 */
export function runLinearSuite(sizes: LinearSuiteSizes): Promise<LinearRecord> {
  return new Promise((resolve) => {
    const child = fork(WORKER_PATH, [], { execArgv: ['--expose-gc'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderrTail = '';
    let record: LinearRecord | null = null;
    let error: string | null = null;

    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-2000);
    });
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'linear') record = message.record;
      else if (message.type === 'error') error = message.message;
    });
    child.on('exit', (code, signal) => {
      if (record) resolve(record);
      else resolve({ ...sizes, status: 'failed', reason: error ?? `worker exited with ${signal ?? `code ${code}`}: ${lastErrorLine(stderrTail)}` });
    });
    child.send({ kind: 'linear', sizes });
  });
}

/**
 * Measures one contender in a worker process. When the worker dies (TF.js's wasm backend aborts the process after
 * running out of memory, for example), a new worker takes the remaining cases, so one crash does not cost the rest
 * of the sweep. The case during which it died is retried once and then recorded as failed.
 */
async function runContenderWorkers(
  id: string,
  plan: BenchPlan,
  modules: readonly string[],
  cacheFolder: string,
  onRecord: (record: CaseRecord) => void,
  log: (line: string) => void,
): Promise<ContenderSummary> {
  let remaining = plan.cases;
  const crashes: string[] = [];
  const retried = new Set<BenchCase>();

  for (;;) {
    const job: ContenderJob = { kind: 'contender', contender: id, modules, cases: remaining, timing: plan.timing, seed: plan.seed, cacheFolder };
    const outcome = await runWorker(job, onRecord);
    const { summary } = outcome;
    if (summary.status !== 'failed' || outcome.probe === null) {
      for (const record of missingRecords(job, outcome.probe, summary.reason, outcome.seen)) onRecord(record);
      if (summary.status !== 'ran') log(`${id}: ${summary.status}: ${summary.reason}`);
      if (crashes.length === 0 || summary.status !== 'ran') return summary;
      return { ...summary, reason: crashes.join('; ') };
    }

    const crashedIndex = remaining.findIndex((benchCase) => benchCase.modes.some((mode) => !outcome.seen.has(recordKey({ ...benchCase, mode }))));
    if (crashedIndex < 0) return summary;
    const crashed = remaining[crashedIndex]!;
    const where = `BT = ${crashed.batchTokens}, V = ${crashed.vocabSize}, beta ${crashed.beta}`;
    crashes.push(`${summary.reason} (during ${where})`);

    // A crash can come from the state an earlier case left behind, so a case is retried once in a fresh worker
    // before it is recorded as failed.
    if (retried.has(crashed)) {
      for (const record of missingRecords({ ...job, cases: [crashed] }, outcome.probe, summary.reason, outcome.seen)) onRecord(record);
      remaining = remaining.slice(crashedIndex + 1);
    } else {
      retried.add(crashed);
      remaining = remaining.slice(crashedIndex);
    }
    if (remaining.length === 0) return { ...summary, reason: crashes.join('; ') };
    log(`${id}: ${summary.reason}; restarting it for the ${remaining.length} remaining cases`);
  }
}

interface WorkerOutcome {
  readonly summary: ContenderSummary;
  readonly probe: Extract<WorkerMessage, { type: 'probe' }> | null;
  readonly seen: ReadonlySet<string>;
}

function runWorker(job: ContenderJob, onRecord: (record: CaseRecord) => void): Promise<WorkerOutcome> {
  return new Promise((resolve) => {
    const child = fork(WORKER_PATH, [], { execArgv: ['--expose-gc'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderrTail = '';
    let probe: Extract<WorkerMessage, { type: 'probe' }> | null = null;
    let error: string | null = null;
    const seen = new Set<string>();

    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-2000);
    });
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'probe') probe = message;
      else if (message.type === 'record') {
        seen.add(recordKey(message.record));
        onRecord(message.record);
      } else if (message.type === 'error') error = message.message;
    });
    child.on('exit', (code, signal) => {
      resolve({ summary: summarize(job.contender, probe, error, code, signal, stderrTail), probe, seen });
    });
    child.send(job);
  });
}

function summarize(
  id: string,
  probe: Extract<WorkerMessage, { type: 'probe' }> | null,
  error: string | null,
  code: number | null,
  signal: NodeJS.Signals | null,
  stderrTail: string,
): ContenderSummary {
  const known = {
    id,
    label: probe?.label ?? id,
    group: (probe?.group as ContenderGroup | undefined) ?? null,
    accounting: probe?.accounting ?? '',
    details: probe?.details ?? {},
  };
  if (probe?.skipReason) return { ...known, status: 'skipped', reason: probe.skipReason };
  if (error) return { ...known, status: 'failed', reason: `worker error: ${error.split('\n')[0]}` };
  if (code !== 0) {
    const errorLine = lastErrorLine(stderrTail);
    return { ...known, status: 'failed', reason: `worker exited with ${signal ?? `code ${code}`}${errorLine ? `: ${errorLine}` : ''}` };
  }
  return { ...known, status: 'ran', reason: '' };
}

/** Creates records for a failed or skipped contender's cases that no record covers, so no table cell is blank. */
function missingRecords(
  job: ContenderJob,
  probe: Extract<WorkerMessage, { type: 'probe' }> | null,
  reason: string,
  seen: ReadonlySet<string>,
): CaseRecord[] {
  const status = probe?.skipReason ? 'skipped' : 'failed';
  const missing: CaseRecord[] = [];
  for (const benchCase of job.cases) {
    for (const mode of benchCase.modes) {
      const record: CaseRecord = {
        contender: job.contender,
        label: probe?.label ?? job.contender,
        group: (probe?.group as ContenderGroup | undefined) ?? 'floor',
        batchTokens: benchCase.batchTokens,
        vocabSize: benchCase.vocabSize,
        beta: benchCase.beta,
        mode,
        sweeps: benchCase.sweeps,
        status,
        reason,
      };
      if (!seen.has(recordKey(record))) missing.push(record);
    }
  }
  return missing;
}

/** Picks the line of a dead worker's stderr that names the error. */
function lastErrorLine(stderrTail: string): string {
  const lines = stderrTail.trim().split('\n');
  return (lines.find((line) => /Error|error:|Aborted|heap/.test(line)) ?? lines[lines.length - 1] ?? '').trim();
}

function recordKey(record: Pick<CaseRecord, 'batchTokens' | 'vocabSize' | 'beta' | 'mode'>): string {
  return `${record.batchTokens}x${record.vocabSize}@${record.beta}/${record.mode}`;
}

function describeRecord(record: CaseRecord): string {
  const where = `BT=${record.batchTokens} V=${record.vocabSize} beta=${record.beta} ${record.mode}`;
  if (record.status !== 'ok' || !record.time) return `${where}: ${record.status}${record.reason ? ` (${record.reason})` : ''}`;
  const peak = record.tensorPeakBytes == null ? '' : `, peak tensors ${(record.tensorPeakBytes / 2 ** 20).toFixed(0)} MiB`;
  return `${where}: median ${record.time.median.toFixed(1)} ms${peak}`;
}
