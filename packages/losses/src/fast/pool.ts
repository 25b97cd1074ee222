/**
 * Persistent worker threads that run the fast loss kernels over row blocks.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';

import { BlockRunner } from './block-runner.js';
import type { BlockOutcome, FastBackend, JsdConvention } from './block-runner.js';
import { FastPathNaNError } from './nan-error.js';
import { WorkerState } from './protocol.js';
import type { SharedSlice, WorkerFailure, WorkerJob, WorkerSetup } from './protocol.js';
import { isShared, SharedArena, toSharedSlice } from './shared-arena.js';

/** Options of {@link FastLossPool}. */
export interface FastLossPoolOptions {
  /** gpu.js backend of the kernels. */
  readonly backend: FastBackend;
  /**
   * Worker threads; default one per core (`os.availableParallelism()`). 0
   * runs the kernels in the calling thread. headlessgl always runs in the
   * calling thread, because its native GL binding does not load in workers.
   */
  readonly workers?: number;
  /** Maximum wait for one call's workers, in milliseconds; default 600000. */
  readonly jobTimeoutMs?: number;
  /**
   * Record each kernel launch in the calling thread for core's `backendInfo()`; default false.
   * The pools of explicitly selected backends set it. Kernels on worker threads are never recorded.
   */
  readonly recordKernelRuns?: boolean;
}

/** A JSD problem: student and teacher log-probabilities, flat row-major `[rows, vocabSize]`. */
export interface FastJsdRequest {
  /** Student log-probabilities X (the gradient is taken with respect to these). */
  readonly input: Float32Array;
  /** Teacher log-probabilities Y. */
  readonly target: Float32Array;
  /** Number of rows BT. */
  readonly rows: number;
  /** Row length V. */
  readonly vocabSize: number;
  /** Mixture weight of the teacher, in [0, 1]; default 0.5. */
  readonly beta?: number;
  /** Meaning of beta = 0 and 1; default `'klEndpoints'` (forward and reverse KL). */
  readonly convention?: JsdConvention;
  /** Per-row gradient multiplier, `[rows]`; 0 ignores the row. Default all 1. */
  readonly rowWeights?: Float32Array;
  /**
   * Output buffer of the gradient, `[rows * vocabSize]`, on a
   * SharedArrayBuffer when the pool has workers. Default: a buffer of the
   * pool that the next `jsd` call overwrites.
   */
  readonly gradient?: Float32Array;
}

/** A cross-entropy problem: logits, flat row-major `[rows, vocabSize]`, and one class index per row. */
export interface FastCrossEntropyRequest {
  /** Logits, flat row-major `[rows * vocabSize]`. */
  readonly logits: Float32Array;
  /** Class index per row, `[rows]`; rows equal to `ignoreIndex` are skipped. */
  readonly targets: Int32Array | readonly number[];
  /** Number of rows BT. */
  readonly rows: number;
  /** Number of classes V. */
  readonly vocabSize: number;
  /** Target value of rows to skip; default -100. */
  readonly ignoreIndex?: number;
  /** Label smoothing in [0, 1]; default 0. */
  readonly labelSmoothing?: number;
  /**
   * Per-row gradient multiplier, `[rows]`. Default: 1 / (rows not ignored),
   * the mean reduction; ignored rows always get 0.
   */
  readonly rowWeights?: Float32Array;
  /** Output buffer of the gradient (see {@link FastJsdRequest.gradient}). */
  readonly gradient?: Float32Array;
}

/** Output of one fast loss call. */
export interface FastLossResult {
  /** Gradient with respect to the input, `[rows * vocabSize]`, each row times its weight. */
  readonly gradient: Float32Array;
  /**
   * Unweighted loss of each row, `[rows]`, in float64; 0 for rows whose
   * weight is 0. A view of a pool buffer that the next call of the same kind
   * overwrites.
   */
  readonly rowLosses: Float64Array;
  /** Sum over rows of weight * row loss, accumulated in float64. */
  readonly weightedLoss: number;
}

/** Buffer accounting of a {@link FastLossPool}. */
export interface FastPoolStats {
  /** SharedArrayBuffers allocated since the pool was created. */
  readonly sharedAllocations: number;
  /** Bytes of shared scratch memory held now. */
  readonly sharedBytes: number;
  /** Calls served. */
  readonly calls: number;
}

/** Maximum wait for a worker thread to start, in milliseconds. */
const STARTUP_TIMEOUT_MS = 30_000;

/** Rows of a caller's array still to be copied into shared memory. */
interface StagedCopy {
  readonly source: Float32Array;
  readonly shared: Float32Array;
  readonly rowLength: number;
}

interface PoolWorker {
  readonly worker: Worker;
  readonly replies: MessagePort;
  readonly exited: Promise<number>;
  error: Error | null;
}

/**
 * Runs the fused JSD and cross-entropy kernels with arithmetic exp/log over
 * row blocks spread across persistent worker threads. Inputs and the
 * gradient are shared with the workers through SharedArrayBuffers, each
 * worker returns a float64 partial loss, and buffers are reused across
 * calls. Calls are synchronous: the calling thread blocks in `Atomics.wait`
 * until every worker finishes. Idle workers do not keep the process alive.
 *
 * @example
 * ```ts
 * import { FastLossPool } from 'fusegrad';
 *
 * const pool = new FastLossPool({ backend: 'cpu', workers: 1 });
 * const input = new Float32Array([Math.log(0.3), Math.log(0.7)]);
 * const target = new Float32Array([Math.log(0.6), Math.log(0.4)]);
 * const { weightedLoss, gradient } = pool.jsd({ input, target, rows: 1, vocabSize: 2 });
 * console.log(weightedLoss.toFixed(7), gradient); // 0.0462008
 * await pool.close();
 * ```
 */
export class FastLossPool {
  /** gpu.js backend of the kernels. */
  readonly backend: FastBackend;
  /** Worker threads; 0 when the kernels run in the calling thread. */
  readonly workerCount: number;
  readonly #timeoutMs: number;
  readonly #recordKernelRuns: boolean;
  readonly #arena = new SharedArena();
  readonly #workers: PoolWorker[] = [];
  readonly #control: Int32Array;
  readonly #partials: Float64Array;
  readonly #nanPositions: Float64Array;
  readonly #started: Int32Array;
  #inline: BlockRunner | null = null;
  #calls = 0;
  #closed = false;

  /**
   * Starts the worker threads; each compiles its kernels on its first call.
   *
   * @param options - Backend, worker count and timeout.
   * @throws Error when `workers` is not a non-negative integer or the backend is unknown.
   */
  constructor(options: FastLossPoolOptions) {
    const { backend } = options;
    if (backend !== 'cpu' && backend !== 'webasm' && backend !== 'headlessgl') {
      throw new Error(`FastLossPool: backend ${String(backend)} is not supported; use 'cpu', 'webasm' or 'headlessgl'`);
    }
    const requested = options.workers ?? availableParallelism();
    if (!Number.isInteger(requested) || requested < 0) {
      throw new Error(`FastLossPool: workers is ${requested}; pass a non-negative integer`);
    }
    this.backend = backend;
    this.workerCount = backend === 'headlessgl' ? 0 : requested;
    this.#timeoutMs = options.jobTimeoutMs ?? 600_000;
    this.#recordKernelRuns = options.recordKernelRuns ?? false;
    this.#control = new Int32Array(new SharedArrayBuffer(4 * Math.max(this.workerCount, 1)));
    this.#partials = new Float64Array(new SharedArrayBuffer(8 * Math.max(this.workerCount, 1)));
    this.#nanPositions = new Float64Array(new SharedArrayBuffer(16 * Math.max(this.workerCount, 1)));
    this.#started = new Int32Array(new SharedArrayBuffer(4 * Math.max(this.workerCount, 1)));

    for (let index = 0; index < this.workerCount; index++) {
      this.#workers.push(this.#startWorker(index));
    }
  }

  /**
   * Computes the generalized JSD of each row and its gradient with respect
   * to the student log-probabilities.
   *
   * Per element, with Q = exp(X), P = exp(Y) and M = beta P + (1 - beta) Q:
   * loss beta P (Y - log M) + (1 - beta) Q (X - log M), gradient
   * (1 - beta) Q (X - log M). With the `'klEndpoints'` convention beta = 0
   * is KL(P || Q) (gradient -P) and beta = 1 is KL(Q || P) (gradient
   * Q (X - Y + 1)). Zero probabilities follow 0 log 0 = 0, and an infinite
   * KL stays Infinity. Float32 kernels; row sums in float64.
   *
   * @param request - Inputs `[rows * vocabSize]`, options and output buffer.
   * @returns Gradient, row losses and the weighted loss.
   * @throws FastPathNaNError when input or target contains NaN, naming the first position.
   * @throws Error on wrong lengths, a beta outside [0, 1], a closed pool, or a worker failure (with the worker's message).
   */
  jsd(request: FastJsdRequest): FastLossResult {
    const call = 'FastLossPool.jsd';
    this.#checkOpen(call);
    const { rows, vocabSize } = request;
    const size = checkShape(call, rows, vocabSize);
    checkLength(call, 'input', request.input, size);
    checkLength(call, 'target', request.target, size);
    const beta = request.beta ?? 0.5;
    if (!(beta >= 0 && beta <= 1)) {
      throw new Error(`${call}: beta is ${beta}; pass a number in [0, 1]`);
    }
    const convention = request.convention ?? 'klEndpoints';

    const staged: StagedCopy[] = [];
    const input = this.#shareInput('jsd.input', request.input, vocabSize, staged);
    const target = this.#shareInput('jsd.target', request.target, vocabSize, staged);
    const rowWeights = this.#rowWeights(call, 'jsd', request.rowWeights, rows);
    const gradient = this.#gradientOutput(call, 'jsd', request.gradient, size);
    const rowLosses = this.#arena.float64('jsd.rowLosses', rows);

    const outcome = this.#run(rows, staged, (rowStart, rowEnd) => ({
      op: 'jsd',
      rowStart,
      rowEnd,
      vocabSize,
      beta,
      convention,
      input: toSharedSlice(input),
      target: toSharedSlice(target),
      rowWeights: toSharedSlice(rowWeights),
      gradient: toSharedSlice(gradient),
      rowLosses: toSharedSlice(rowLosses),
    }));
    if (outcome.nanIndex >= 0) {
      throw new FastPathNaNError(call, outcome.nanArgument === 0 ? 'input' : 'target', outcome.nanIndex, vocabSize);
    }
    return { gradient, rowLosses, weightedLoss: outcome.weightedLoss };
  }

  /**
   * Computes the cross entropy of each row's logits against its class index
   * and the gradient with respect to the logits: softmax minus the
   * (label-smoothed) one-hot target, times the row weight.
   *
   * Row loss: logsumexp(z) - (1 - s) z[target] - (s / V) sum(z) for label
   * smoothing s. Rows whose target is `ignoreIndex` get loss 0 and gradient 0.
   *
   * @param request - Logits `[rows * vocabSize]`, targets `[rows]`, options and output buffer.
   * @returns Gradient, row losses and the weighted loss.
   * @throws FastPathNaNError when the logits contain NaN, naming the first position.
   * @throws Error on wrong lengths, a target outside [0, vocabSize) that is not `ignoreIndex`, a label smoothing outside [0, 1], a closed pool, or a worker failure.
   */
  crossEntropy(request: FastCrossEntropyRequest): FastLossResult {
    const call = 'FastLossPool.crossEntropy';
    this.#checkOpen(call);
    const { rows, vocabSize } = request;
    const size = checkShape(call, rows, vocabSize);
    checkLength(call, 'logits', request.logits, size);
    checkLength(call, 'targets', request.targets, rows);
    const ignoreIndex = request.ignoreIndex ?? -100;
    const labelSmoothing = request.labelSmoothing ?? 0;
    if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
      throw new Error(`${call}: labelSmoothing is ${labelSmoothing}; pass a number in [0, 1]`);
    }

    if (request.rowWeights !== undefined) checkLength(call, 'rowWeights', request.rowWeights, rows);

    const targets = this.#arena.int32('crossEntropy.targets', rows);
    let counted = 0;
    for (let r = 0; r < rows; r++) {
      const target = request.targets[r]!;
      if (target === ignoreIndex) {
        targets[r] = 0;
        continue;
      }
      if (!Number.isInteger(target) || target < 0 || target >= vocabSize) {
        throw new Error(
          `${call}: targets[${r}] is ${target}; pass an integer in [0, ${vocabSize}) or ignoreIndex (${ignoreIndex})`,
        );
      }
      targets[r] = target;
      counted++;
    }

    const staged: StagedCopy[] = [];
    const logits = this.#shareInput('crossEntropy.logits', request.logits, vocabSize, staged);
    const rowWeights = this.#arena.float32('crossEntropy.rowWeights', rows);
    for (let r = 0; r < rows; r++) {
      const ignored = request.targets[r] === ignoreIndex;
      const weight = request.rowWeights === undefined ? 1 / counted : request.rowWeights[r]!;
      rowWeights[r] = ignored ? 0 : weight;
    }
    const gradient = this.#gradientOutput(call, 'crossEntropy', request.gradient, size);
    const rowLosses = this.#arena.float64('crossEntropy.rowLosses', rows);

    const outcome = this.#run(rows, staged, (rowStart, rowEnd) => ({
      op: 'crossEntropy',
      rowStart,
      rowEnd,
      vocabSize,
      labelSmoothing,
      logits: toSharedSlice(logits),
      targets: toSharedSlice(targets),
      rowWeights: toSharedSlice(rowWeights),
      gradient: toSharedSlice(gradient),
      rowLosses: toSharedSlice(rowLosses),
    }));
    if (outcome.nanIndex >= 0) throw new FastPathNaNError(call, 'logits', outcome.nanIndex, vocabSize);
    return { gradient, rowLosses, weightedLoss: outcome.weightedLoss };
  }

  /**
   * Returns buffer accounting, so callers and tests can check that repeated
   * calls of one shape allocate nothing new.
   */
  stats(): FastPoolStats {
    return { sharedAllocations: this.#arena.allocations, sharedBytes: this.#arena.bytes, calls: this.#calls };
  }

  /**
   * Makes every worker fail with `message`; for tests of error reporting.
   *
   * @throws Error carrying the worker's message, always.
   */
  failForTesting(message: string): never {
    this.#checkOpen('FastLossPool.failForTesting');
    this.#run(Math.max(this.workerCount, 1), [], () => ({ op: 'fail', message }));
    throw new Error('FastLossPool.failForTesting: no worker failed; the pool runs inline');
  }

  /**
   * Stops the workers after they destroy their kernels, and releases the
   * shared buffers. Calls after this throw.
   *
   * @returns Resolves when every worker thread has exited.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#inline?.destroy();
    this.#inline = null;
    await Promise.all(
      this.#workers.map(async (entry) => {
        entry.worker.postMessage({ op: 'close' } satisfies WorkerJob);
        const timer = setTimeout(() => void entry.worker.terminate(), 5000);
        await entry.exited;
        clearTimeout(timer);
        entry.replies.close();
      }),
    );
    this.#workers.length = 0;
    this.#arena.clear();
  }

  #startWorker(index: number): PoolWorker {
    const channel = new MessageChannel();
    const setup: WorkerSetup & { replyPort: MessagePort } = {
      backend: this.backend,
      index,
      control: this.#control.buffer as SharedArrayBuffer,
      partials: this.#partials.buffer as SharedArrayBuffer,
      nanPositions: this.#nanPositions.buffer as SharedArrayBuffer,
      started: this.#started.buffer as SharedArrayBuffer,
      replyPort: channel.port2,
    };
    const worker = new Worker(new URL('./worker.js', import.meta.url), {
      workerData: setup,
      // Flags of the main process, such as --input-type, need not suit the worker's own module.
      execArgv: [],
      transferList: [channel.port2],
    });
    const entry: PoolWorker = {
      worker,
      replies: channel.port1,
      exited: new Promise((resolve) => worker.once('exit', resolve)),
      error: null,
    };
    // An error outside a job (the thread failed to start) fails the next call.
    worker.on('error', (error: Error) => {
      entry.error = error;
    });
    worker.unref();
    channel.port1.unref();
    return entry;
  }

  /**
   * Splits rows into one contiguous block per worker, runs them and sums the
   * partial losses, or returns the first NaN input that any block found.
   * Each block's staged input rows are copied into shared
   * memory just before its job is posted, so earlier workers start while
   * later blocks are still being copied.
   */
  #run(rows: number, staged: readonly StagedCopy[], makeJob: (rowStart: number, rowEnd: number) => WorkerJob): BlockOutcome {
    this.#calls++;
    if (this.workerCount === 0) {
      return this.#runInline(makeJob(0, rows));
    }

    const blockRows = Math.ceil(rows / this.workerCount);
    const active: number[] = [];
    for (let index = 0; index < this.workerCount; index++) {
      const rowStart = index * blockRows;
      const rowEnd = Math.min(rows, rowStart + blockRows);
      if (rowStart >= rowEnd) break;
      const entry = this.#workers[index]!;
      if (entry.error !== null) {
        throw new Error(`fast ${this.backend} path: worker ${index} failed: ${entry.error.message}`);
      }
      for (const copy of staged) {
        const begin = rowStart * copy.rowLength;
        const end = rowEnd * copy.rowLength;
        copy.shared.set(copy.source.subarray(begin, end), begin);
      }
      Atomics.store(this.#control, index, WorkerState.running);
      entry.worker.postMessage(makeJob(rowStart, rowEnd));
      active.push(index);
    }

    // Wait for every worker before reporting a failure, so that no worker
    // still writes into buffers the caller gets back.
    let failure: Error | null = null;
    let nan: BlockOutcome | null = null;
    let total = 0;
    for (const index of active) {
      const state = this.#await(index);
      if (state === WorkerState.done) {
        total += this.#partials[index]!;
        // Blocks are in row order, so the first block with a NaN has the first NaN.
        const nanIndex = this.#nanPositions[2 * index]!;
        if (nan === null && nanIndex >= 0) {
          nan = { weightedLoss: NaN, nanIndex, nanArgument: this.#nanPositions[2 * index + 1]! };
        }
      } else if (failure === null) {
        failure = this.#failure(index);
      }
      Atomics.store(this.#control, index, WorkerState.idle);
    }
    if (failure !== null) throw failure;
    return nan ?? { weightedLoss: total, nanIndex: -1, nanArgument: 0 };
  }

  #await(index: number): number {
    const startedAt = Date.now();
    let state = Atomics.load(this.#control, index);
    while (state === WorkerState.running) {
      const elapsed = Date.now() - startedAt;
      // A thread that never starts cannot report its error while this thread
      // blocks, because the 'error' event needs the event loop. So it gets a
      // shorter limit, and the next call reports the recorded error.
      if (Atomics.load(this.#started, index) === 0 && elapsed > STARTUP_TIMEOUT_MS) {
        throw new Error(
          `fast ${this.backend} path: worker ${index} did not start within ${STARTUP_TIMEOUT_MS} ms; ` +
            'call again to see its error, or use workers: 0',
        );
      }
      if (elapsed > this.#timeoutMs) {
        throw new Error(
          `fast ${this.backend} path: worker ${index} did not finish within ${this.#timeoutMs} ms; ` +
            'raise jobTimeoutMs or use smaller inputs',
        );
      }
      Atomics.wait(this.#control, index, WorkerState.running, 1000);
      state = Atomics.load(this.#control, index);
    }
    return state;
  }

  #failure(index: number): Error {
    const reply = receiveMessageOnPort(this.#workers[index]!.replies) as { message: WorkerFailure } | undefined;
    const message = reply?.message.message ?? 'no message was received';
    const error = new Error(`fast ${this.backend} path: worker ${index} failed: ${message}`);
    if (reply?.message.stack !== undefined) error.cause = reply.message.stack;
    return error;
  }

  #runInline(job: WorkerJob): BlockOutcome {
    if (job.op === 'close') return { weightedLoss: 0, nanIndex: -1, nanArgument: 0 };
    if (job.op === 'fail') throw new Error(job.message);
    this.#inline ??= new BlockRunner(this.backend, this.#recordKernelRuns);
    const float32 = (slice: SharedSlice) => new Float32Array(slice.buffer, slice.byteOffset, slice.length);
    const float64 = (slice: SharedSlice) => new Float64Array(slice.buffer, slice.byteOffset, slice.length);
    const rows = job.rowEnd - job.rowStart;
    if (job.op === 'jsd') {
      return this.#inline.jsd({
        input: float32(job.input),
        target: float32(job.target),
        rowWeights: float32(job.rowWeights),
        gradient: float32(job.gradient),
        rowLosses: float64(job.rowLosses),
        rows,
        vocabSize: job.vocabSize,
        beta: job.beta,
        convention: job.convention,
      });
    }
    return this.#inline.crossEntropy({
      logits: float32(job.logits),
      targets: new Int32Array(job.targets.buffer, job.targets.byteOffset, job.targets.length),
      rowWeights: float32(job.rowWeights),
      gradient: float32(job.gradient),
      rowLosses: float64(job.rowLosses),
      rows,
      vocabSize: job.vocabSize,
      labelSmoothing: job.labelSmoothing,
    });
  }

  /**
   * Returns `values` when workers can read it, else a shared buffer for it
   * and a staged copy that `#run` performs block by block.
   */
  #shareInput(name: string, values: Float32Array, rowLength: number, staged: StagedCopy[]): Float32Array {
    if (this.workerCount === 0 || isShared(values)) return values;
    const shared = this.#arena.float32(name, values.length);
    staged.push({ source: values, shared, rowLength });
    return shared;
  }

  #rowWeights(call: string, prefix: string, weights: Float32Array | undefined, rows: number): Float32Array {
    if (weights !== undefined) {
      checkLength(call, 'rowWeights', weights, rows);
      if (this.workerCount === 0 || isShared(weights)) return weights;
      const shared = this.#arena.float32(`${prefix}.rowWeights`, rows);
      shared.set(weights);
      return shared;
    }
    const ones = this.#arena.float32(`${prefix}.rowWeights`, rows);
    ones.fill(1);
    return ones;
  }

  #gradientOutput(call: string, prefix: string, gradient: Float32Array | undefined, size: number): Float32Array {
    if (gradient === undefined) return this.#arena.float32(`${prefix}.gradient`, size);
    checkLength(call, 'gradient', gradient, size);
    if (this.workerCount > 0 && !isShared(gradient)) {
      throw new Error(
        `${call}: the gradient output is not on a SharedArrayBuffer, so workers cannot write it; ` +
          'allocate it as new Float32Array(new SharedArrayBuffer(4 * length)) or omit it',
      );
    }
    return gradient;
  }

  #checkOpen(call: string): void {
    if (this.#closed) {
      throw new Error(`${call}: the pool is closed; create a new FastLossPool`);
    }
  }
}

function checkShape(call: string, rows: number, vocabSize: number): number {
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(vocabSize) || vocabSize < 1) {
    throw new Error(`${call}: rows ${rows} and vocabSize ${vocabSize} must be positive integers`);
  }
  return rows * vocabSize;
}

function checkLength(call: string, name: string, values: ArrayLike<number>, expected: number): void {
  if (values.length !== expected) {
    throw new Error(`${call}: ${name} has ${values.length} elements, expected ${expected}; check rows and vocabSize`);
  }
}
