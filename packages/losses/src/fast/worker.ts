/**
 * Worker-thread entry of {@link FastLossPool}: runs row blocks on its own
 * gpu.js instance and reports through shared memory, so the main thread can
 * wait with `Atomics.wait` while a synchronous autograd forward runs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';

import type { BlockOutcome, BlockRunner } from './block-runner.js';
import { WorkerState } from './protocol.js';
import type { SharedSlice, WorkerFailure, WorkerJob, WorkerSetup } from './protocol.js';

const setup = workerData as WorkerSetup & { replyPort: MessagePort };
const control = new Int32Array(setup.control);
const partials = new Float64Array(setup.partials);
const nanPositions = new Float64Array(setup.nanPositions);
let runner: BlockRunner | null = null;

// A thread that ends while a job runs must not leave the main thread waiting.
process.on('exit', () => {
  if (Atomics.load(control, setup.index) === WorkerState.running) {
    report({ message: 'the worker thread exited during a job', stack: undefined });
  }
});

parentPort!.on('message', (job: WorkerJob) => {
  if (job.op === 'close') {
    runner?.destroy();
    runner = null;
    setup.replyPort.close();
    parentPort!.close();
    return;
  }
  void runJob(job);
});
Atomics.store(new Int32Array(setup.started), setup.index, 1);

async function runJob(job: Exclude<WorkerJob, { op: 'close' }>): Promise<void> {
  try {
    const outcome = await computeJob(job);
    partials[setup.index] = outcome.weightedLoss;
    const blockStart = job.op === 'fail' ? 0 : job.rowStart * job.vocabSize;
    nanPositions[2 * setup.index] = outcome.nanIndex < 0 ? -1 : blockStart + outcome.nanIndex;
    nanPositions[2 * setup.index + 1] = outcome.nanArgument;
    Atomics.store(control, setup.index, WorkerState.done);
    Atomics.notify(control, setup.index);
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    report({ message: failure.message, stack: failure.stack });
  }
}

async function computeJob(job: Exclude<WorkerJob, { op: 'close' }>): Promise<BlockOutcome> {
  if (job.op === 'fail') throw new Error(job.message);

  // Imported here so that a failure to load gpu.js or its native modules
  // reaches the caller as a job error.
  if (runner === null) {
    const { BlockRunner: Runner } = await import('./block-runner.js');
    runner = new Runner(setup.backend);
  }

  const rows = job.rowEnd - job.rowStart;
  const begin = job.rowStart * job.vocabSize;
  const end = job.rowEnd * job.vocabSize;
  if (job.op === 'jsd') {
    return runner.jsd({
      input: float32(job.input).subarray(begin, end),
      target: float32(job.target).subarray(begin, end),
      rowWeights: float32(job.rowWeights).subarray(job.rowStart, job.rowEnd),
      gradient: float32(job.gradient).subarray(begin, end),
      rowLosses: float64(job.rowLosses).subarray(job.rowStart, job.rowEnd),
      rows,
      vocabSize: job.vocabSize,
      beta: job.beta,
      convention: job.convention,
    });
  }
  return runner.crossEntropy({
    logits: float32(job.logits).subarray(begin, end),
    targets: int32(job.targets).subarray(job.rowStart, job.rowEnd),
    rowWeights: float32(job.rowWeights).subarray(job.rowStart, job.rowEnd),
    gradient: float32(job.gradient).subarray(begin, end),
    rowLosses: float64(job.rowLosses).subarray(job.rowStart, job.rowEnd),
    rows,
    vocabSize: job.vocabSize,
    labelSmoothing: job.labelSmoothing,
  });
}

function report(failure: WorkerFailure): void {
  setup.replyPort.postMessage(failure);
  Atomics.store(control, setup.index, WorkerState.failed);
  Atomics.notify(control, setup.index);
}

function float32(slice: SharedSlice): Float32Array {
  return new Float32Array(slice.buffer, slice.byteOffset, slice.length);
}

function float64(slice: SharedSlice): Float64Array {
  return new Float64Array(slice.buffer, slice.byteOffset, slice.length);
}

function int32(slice: SharedSlice): Int32Array {
  return new Int32Array(slice.buffer, slice.byteOffset, slice.length);
}
