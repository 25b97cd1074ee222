/**
 * Entry point of a worker process: measures one contender and sends its records to the parent over the IPC
 * channel. The runner starts one worker per contender, with `--expose-gc`, so that peak RSS belongs to that
 * contender alone and libraries cannot interfere (TF.js keeps one global backend per process).
 *
 * @packageDocumentation
 */
import { createContender } from './contenders/registry.js';
import { measureLinearSuite, type LinearRecord, type LinearSuiteSizes } from './linear/linear-suite.js';
import { measureContender } from './measure.js';
import type { BenchCase, TimingOptions } from './plan.js';
import type { CaseRecord } from './record.js';

/** The job the parent sends to a worker: one contender over the plan's cases, or the fused linear JSD suite. */
export type WorkerJob = ContenderJob | { readonly kind: 'linear'; readonly sizes: LinearSuiteSizes };

/** A job that measures one contender. */
export interface ContenderJob {
  readonly kind: 'contender';
  readonly contender: string;
  readonly modules: readonly string[];
  readonly cases: readonly BenchCase[];
  readonly timing: TimingOptions;
  readonly seed: number;
  readonly cacheFolder: string | null;
}

/** A message from a worker to the parent. */
export type WorkerMessage =
  | { readonly type: 'probe'; readonly skipReason: string | null; readonly label: string; readonly group: string; readonly accounting: string; readonly details: Record<string, string> }
  | { readonly type: 'record'; readonly record: CaseRecord }
  | { readonly type: 'linear'; readonly record: LinearRecord }
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly message: string };

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    process.send!(message, undefined, undefined, (error) => (error ? reject(error) : resolve()));
  });
}

async function runJob(job: WorkerJob): Promise<void> {
  if (job.kind === 'linear') {
    await send({ type: 'linear', record: await measureLinearSuite(job.sizes) });
    return;
  }

  const contender = await createContender(job.contender, job.modules);
  const skipReason = await contender.probe();
  await send({
    type: 'probe',
    skipReason,
    label: contender.label,
    group: contender.group,
    accounting: contender.accounting,
    details: skipReason ? {} : (contender.describe?.() ?? {}),
  });
  if (skipReason) return;

  const pending: Promise<void>[] = [];
  await measureContender(contender, {
    cases: job.cases,
    timing: job.timing,
    seed: job.seed,
    cacheFolder: job.cacheFolder,
    onRecord: (record) => {
      pending.push(send({ type: 'record', record }));
    },
  });
  await Promise.all(pending);
}

if (process.send) {
  process.once('message', (job: WorkerJob) => {
    // Exits explicitly because gpu.js contexts and TF.js's wasm module can keep the event loop alive.
    runJob(job)
      .then(async () => {
        await send({ type: 'done' });
        process.exit(0);
      })
      .catch(async (error: unknown) => {
        await send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        process.exit(1);
      });
  });
}
