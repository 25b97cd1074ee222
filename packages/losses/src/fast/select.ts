/**
 * Measures which fast loss path is fastest and correct on this machine, for
 * the `'auto'` backend choice.
 */
import { availableParallelism } from 'node:os';

import { getGPU } from '@fusegrad/core';

import type { FastBackend } from './block-runner.js';
import { FastLossPool } from './pool.js';
import { jsdReferenceFloat64 } from './reference.js';

/** A fast path: a gpu.js backend and a worker count (0: the calling thread). */
export interface FastPathCandidate {
  /** gpu.js backend of the kernels. */
  readonly backend: FastBackend;
  /** Worker threads; 0 runs in the calling thread. */
  readonly workers: number;
}

/** Outcome of measuring one {@link FastPathCandidate}. */
export interface FastPathMeasurement extends FastPathCandidate {
  /** True when the path ran and matched the float64 reference. */
  readonly correct: boolean;
  /** Largest gradient error beyond the tolerance's relative part, or NaN when the path failed. */
  readonly maxError: number;
  /** Wall time of the first call, which compiles the kernels and starts the workers, in milliseconds. */
  readonly firstCallMs: number;
  /** Median wall time of the later calls, in milliseconds. */
  readonly medianMs: number;
  /** Error message of a failed path, or null. */
  readonly error: string | null;
}

/** Options of {@link measureFastPaths}. */
export interface MeasureFastPathsOptions {
  /** Rows of the timed JSD problem; default 256. */
  readonly rows?: number;
  /** Vocabulary size of the timed JSD problem; default 4096. */
  readonly vocabSize?: number;
  /** Timed calls after the first; default 3. */
  readonly repeats?: number;
  /**
   * Paths to try; default webasm and cpu with one worker per core, and
   * headlessgl in the calling thread.
   */
  readonly candidates?: readonly FastPathCandidate[];
}

// A problem with exact zeros, an ignored row and a wide range of
// probabilities, on which every correct path must match the reference.
const CHECK_ROWS = 6;
const CHECK_VOCAB = 257;
const CHECK_ATOL = 1e-6;
const CHECK_RTOL = 1e-4;

/**
 * Runs the fused JSD on each candidate path: timed calls on a random
 * `[rows, vocabSize]` problem, then a check against a float64 reference
 * (with -Infinity log-probabilities, an infinite KL and an ignored row). The
 * calling thread blocks while the paths run; the promise settles once every
 * measured pool has closed.
 *
 * @param options - Problem size, repeats and candidates.
 * @returns One measurement per candidate: correct paths first, fastest
 *   first, then failed ones.
 * @example
 * ```ts
 * import { measureFastPaths } from 'fusegrad';
 *
 * const results = await measureFastPaths({ rows: 32, vocabSize: 1024, repeats: 2 });
 * for (const r of results) console.log(r.backend, r.workers, r.correct, r.medianMs.toFixed(1));
 * ```
 */
export async function measureFastPaths(options: MeasureFastPathsOptions = {}): Promise<FastPathMeasurement[]> {
  const runs = measureAll(options);
  await Promise.all(runs.map((run) => run.pool?.close()));
  return runs.map((run) => run.measurement);
}

/**
 * Returns the fastest correct fast path from {@link measureFastPaths}, or
 * null when none is correct here.
 *
 * @param options - As for {@link measureFastPaths}.
 * @returns The chosen backend and worker count, or null.
 * @example
 * ```ts
 * import { pickFastPath } from 'fusegrad';
 *
 * const path = await pickFastPath({ rows: 32, vocabSize: 1024 });
 * console.log(path); // for example { backend: 'webasm', workers: 2 }
 * ```
 */
export async function pickFastPath(options: MeasureFastPathsOptions = {}): Promise<FastPathCandidate | null> {
  const [best] = await measureFastPaths(options);
  if (best === undefined || !best.correct) return null;
  return { backend: best.backend, workers: best.workers };
}

/**
 * Returns a process-wide {@link FastLossPool} on the fastest correct path,
 * measured on first use with {@link measureFastPaths}'s defaults, or null
 * when no path is correct here. It is synchronous, so an autograd forward
 * can call it. The first call measures every candidate (worker start, kernel
 * compilation and timed calls), which took 1.5 to 1.7 s on a 2-core Debian
 * machine with Node 20. The chosen pool stays warm, and the others close.
 *
 * @returns The shared pool, or null.
 * @example
 * ```ts
 * import { getSharedFastLossPool } from 'fusegrad';
 *
 * const pool = getSharedFastLossPool();
 * console.log(pool === null ? 'no fast path' : `${pool.backend} with ${pool.workerCount} workers`);
 * ```
 */
export function getSharedFastLossPool(): FastLossPool | null {
  if (sharedPool === undefined) {
    const runs = measureAll({});
    const [best] = runs;
    sharedPool = best !== undefined && best.measurement.correct ? best.pool : null;
    for (const run of runs) {
      if (run.pool !== sharedPool) void run.pool?.close();
    }
  }
  return sharedPool;
}

let sharedPool: FastLossPool | null | undefined;

/**
 * Returns a process-wide {@link FastLossPool} that runs the fast kernels on
 * `backend` in the calling thread: the path of an explicitly selected
 * backend. Running in the calling thread keeps the kernels' gpu.js backend
 * visible to `backendInfo()`, so a fallback cannot go unnoticed. The pool is
 * created on first use, and its kernels compile on its first call.
 *
 * @param backend - The gpu.js backend.
 * @returns The pool for that backend.
 * @throws Error when `backend` is not one of the fast path's backends, or cannot run here (headlessgl without a display).
 * @example
 * ```ts
 * import { getBackendFastLossPool } from 'fusegrad';
 *
 * const pool = getBackendFastLossPool('cpu');
 * console.log(pool.backend, pool.workerCount); // cpu 0
 * ```
 */
export function getBackendFastLossPool(backend: FastBackend): FastLossPool {
  let pool = backendPools.get(backend);
  if (pool !== undefined) return pool;

  if (backend !== 'cpu' && backend !== 'webasm' && backend !== 'headlessgl') {
    throw new Error(`getBackendFastLossPool: backend ${JSON.stringify(backend)} has no fast path; use 'cpu', 'webasm' or 'headlessgl'`);
  }
  // getGPU throws a message that names what is missing, where the pool's own GPU would fall back to cpu.
  getGPU(backend);
  pool = new FastLossPool({ backend, workers: 0, recordKernelRuns: true });
  backendPools.set(backend, pool);
  return pool;
}

const backendPools = new Map<FastBackend, FastLossPool>();

interface CandidateRun {
  readonly measurement: FastPathMeasurement;
  readonly pool: FastLossPool | null;
}

/** Measures every candidate and returns the runs sorted (correct first, fastest first), their pools still open. */
function measureAll(options: MeasureFastPathsOptions): CandidateRun[] {
  const rows = options.rows ?? 256;
  const vocabSize = options.vocabSize ?? 4096;
  const repeats = options.repeats ?? 3;
  const cores = availableParallelism();
  const candidates = options.candidates ?? [
    { backend: 'webasm', workers: cores },
    { backend: 'cpu', workers: cores },
    { backend: 'headlessgl', workers: 0 },
  ];

  const input = randomLogProbs(rows, vocabSize, 11);
  const target = randomLogProbs(rows, vocabSize, 12);
  const runs = candidates.map((candidate) => measureCandidate(candidate, input, target, rows, vocabSize, repeats));
  return runs.sort((a, b) => {
    if (a.measurement.correct !== b.measurement.correct) return a.measurement.correct ? -1 : 1;
    return a.measurement.medianMs - b.measurement.medianMs;
  });
}

function measureCandidate(
  candidate: FastPathCandidate,
  input: Float32Array,
  target: Float32Array,
  rows: number,
  vocabSize: number,
  repeats: number,
): CandidateRun {
  let pool: FastLossPool | null = null;
  try {
    pool = new FastLossPool(candidate);

    const started = performance.now();
    pool.jsd({ input, target, rows, vocabSize });
    const firstCallMs = performance.now() - started;

    const times: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const callStarted = performance.now();
      pool.jsd({ input, target, rows, vocabSize });
      times.push(performance.now() - callStarted);
    }
    times.sort((a, b) => a - b);
    const medianMs = times.length > 0 ? times[Math.floor(times.length / 2)]! : firstCallMs;

    const maxError = checkAgainstReference(pool);
    const measurement = { ...candidate, correct: maxError <= CHECK_ATOL, maxError, firstCallMs, medianMs, error: null };
    return { measurement, pool };
  } catch (error) {
    void pool?.close();
    const message = error instanceof Error ? error.message : String(error);
    const measurement = { ...candidate, correct: false, maxError: NaN, firstCallMs: NaN, medianMs: Infinity, error: message };
    return { measurement, pool: null };
  }
}

/** Returns the largest error beyond `CHECK_RTOL * |expected|` over the gradient and the row losses, at three betas. */
function checkAgainstReference(pool: FastLossPool): number {
  const input = randomLogProbs(CHECK_ROWS, CHECK_VOCAB, 21, 40);
  const target = randomLogProbs(CHECK_ROWS, CHECK_VOCAB, 22, 40);
  input[5] = -Infinity;
  target[7] = -Infinity;
  input[CHECK_VOCAB + 9] = -Infinity;
  target[CHECK_VOCAB + 9] = -Infinity;
  const rowWeights = new Float32Array(CHECK_ROWS).fill(1 / (CHECK_ROWS - 1));
  rowWeights[2] = 0;

  let worst = 0;
  for (const beta of [0, 0.5, 1]) {
    const actual = pool.jsd({ input, target, rows: CHECK_ROWS, vocabSize: CHECK_VOCAB, beta, rowWeights });
    const expected = jsdReferenceFloat64(input, target, CHECK_ROWS, CHECK_VOCAB, beta, rowWeights);
    worst = Math.max(worst, excessError(actual.gradient, expected.gradient), excessError(actual.rowLosses, expected.rowLosses));
  }
  return worst;
}

function excessError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i]!;
    const got = actual[i]!;
    if (!Number.isFinite(want)) {
      if (got !== want) return Infinity;
      continue;
    }
    const excess = Math.abs(got - want) - CHECK_RTOL * Math.abs(want);
    if (Number.isNaN(excess)) return Infinity;
    worst = Math.max(worst, excess);
  }
  return worst;
}

/** Seeded random log-probability rows (log-softmax of uniform logits in [-spread, spread]), rounded to float32. */
function randomLogProbs(rows: number, vocabSize: number, seed: number, spread = 4): Float32Array {
  let state = seed >>> 0;
  const output = new Float32Array(rows * vocabSize);
  const logits = new Float64Array(vocabSize);
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let j = 0; j < vocabSize; j++) {
      // A linear congruential generator is enough for benchmark data.
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      logits[j] = (state / 4294967296) * 2 * spread - spread;
      max = Math.max(max, logits[j]!);
    }
    let sum = 0;
    for (let j = 0; j < vocabSize; j++) sum += Math.exp(logits[j]! - max);
    const logSum = max + Math.log(sum);
    for (let j = 0; j < vocabSize; j++) output[r * vocabSize + j] = logits[j]! - logSum;
  }
  return output;
}
