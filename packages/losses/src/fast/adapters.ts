/**
 * Entry points with the signatures of the package's fused kernels
 * (`computeJsd`, `computeCrossEntropy`), so the autograd Functions can route
 * a float32 forward through a {@link FastLossPool}.
 */
import { parseBackendName, type BackendName } from '@fusegrad/core';

import type { FastLossPool } from './pool.js';
import { getBackendFastLossPool, getSharedFastLossPool } from './select.js';

/** Inputs of {@link computeJsdFast}: the fields of `JsdKernelInputs`. */
export interface FastJsdInputs {
  /** Student log-probabilities, row-major `[rows, vocabSize]`. */
  readonly input: Float32Array;
  /** Teacher log-probabilities, row-major `[rows, vocabSize]`. */
  readonly target: Float32Array;
  /** Number of rows. */
  readonly rows: number;
  /** Row length V. */
  readonly vocabSize: number;
  /** Mixture weight in [0, 1]; 0 and 1 select forward and reverse KL. */
  readonly beta: number;
  /** Gradient scale per row `[rows]`; 0 skips the row. */
  readonly rowWeights: Float32Array;
}

/** Inputs of {@link computeCrossEntropyFast}: the fields of `CrossEntropyKernelInputs`. */
export interface FastCrossEntropyInputs {
  /** Logits, row-major `[rows, vocabSize]`. */
  readonly logits: Float32Array;
  /** Class index per row `[rows]`, any valid index on rows whose weight is 0. */
  readonly targets: ArrayLike<number>;
  /** Number of rows. */
  readonly rows: number;
  /** Number of classes V. */
  readonly vocabSize: number;
  /** Label smoothing in [0, 1]. */
  readonly labelSmoothing: number;
  /** Gradient scale per row `[rows]`; 0 skips the row. */
  readonly rowWeights: Float32Array;
}

/** Output of the fast entry points: a gradient the caller owns and each row's unweighted loss. */
export interface FastKernelResult {
  /** d loss / d input, row-major `[rows, vocabSize]`, each row times its weight; a fresh buffer per call. */
  readonly grad: Float32Array;
  /** Each row's unweighted loss in float64; 0 for rows whose weight is 0. */
  readonly rowLosses: Float64Array;
}

/**
 * Returns the fast-path pool to use for a requested backend: the shared,
 * measured pool for `'auto'` (see {@link getSharedFastLossPool}), the
 * calling-thread pool of an explicit `'cpu'`, `'webasm'` or `'headlessgl'`
 * (see {@link getBackendFastLossPool}), and null for `'webgpu'` or when no
 * fast path is correct under `'auto'`. Null means the package's own kernels run.
 *
 * @param requested - The requested backend name, such as `getBackend()`.
 * @returns The pool, or null.
 * @throws Error when `requested` is not a backend name, or the explicit backend cannot run here (headlessgl without a display).
 * @example
 * ```ts
 * import { fastLossPoolFor, getBackend } from 'fusegrad';
 *
 * const pool = fastLossPoolFor(getBackend());
 * console.log(pool === null ? 'package kernels' : `fast ${pool.backend} path`);
 * ```
 */
export function fastLossPoolFor(requested: BackendName): FastLossPool | null {
  const backend = parseBackendName(requested, 'fastLossPoolFor');
  if (backend === 'auto') return getSharedFastLossPool();
  if (backend === 'webgpu') return null;
  return getBackendFastLossPool(backend);
}

/**
 * Computes the JSD row losses and gradient on a fast-path pool, with the
 * inputs and outputs of the package's `computeJsd`. The gradient goes into a
 * fresh SharedArrayBuffer, so an autograd context can keep it across later
 * calls.
 *
 * @param inputs - As for `computeJsd`.
 * @param pool - From {@link fastLossPoolFor} or {@link getSharedFastLossPool}.
 * @returns A new gradient and a copy of the row losses.
 * @throws Error as {@link FastLossPool.jsd} does.
 * @example
 * ```ts
 * import { computeJsdFast, FastLossPool } from 'fusegrad';
 *
 * const pool = new FastLossPool({ backend: 'webasm', workers: 1 });
 * const { grad, rowLosses } = computeJsdFast({
 *   input: new Float32Array([Math.log(0.3), Math.log(0.7)]),
 *   target: new Float32Array([Math.log(0.6), Math.log(0.4)]),
 *   rows: 1,
 *   vocabSize: 2,
 *   beta: 0.5,
 *   rowWeights: new Float32Array([1]),
 * }, pool);
 * console.log(rowLosses[0], grad); // 0.0462008...
 * await pool.close();
 * ```
 */
export function computeJsdFast(inputs: FastJsdInputs, pool: FastLossPool): FastKernelResult {
  const gradient = new Float32Array(new SharedArrayBuffer(4 * inputs.rows * inputs.vocabSize));
  const result = pool.jsd({ ...inputs, gradient });
  return { grad: gradient, rowLosses: Float64Array.from(result.rowLosses) };
}

/**
 * Computes the cross-entropy row losses and gradient on a fast-path pool,
 * with the inputs and outputs of the package's `computeCrossEntropy`: rows
 * are skipped by a weight of 0 rather than by an ignore index.
 *
 * @param inputs - As for `computeCrossEntropy`.
 * @param pool - From {@link fastLossPoolFor} or {@link getSharedFastLossPool}.
 * @returns A new gradient and a copy of the row losses.
 * @throws Error as {@link FastLossPool.crossEntropy} does.
 * @example
 * ```ts
 * import { computeCrossEntropyFast, FastLossPool } from 'fusegrad';
 *
 * const pool = new FastLossPool({ backend: 'webasm', workers: 1 });
 * const { rowLosses } = computeCrossEntropyFast({
 *   logits: new Float32Array([2, 0, -1]),
 *   targets: [0],
 *   rows: 1,
 *   vocabSize: 3,
 *   labelSmoothing: 0,
 *   rowWeights: new Float32Array([1]),
 * }, pool);
 * console.log(rowLosses[0]); // 0.1698...
 * await pool.close();
 * ```
 */
export function computeCrossEntropyFast(inputs: FastCrossEntropyInputs, pool: FastLossPool): FastKernelResult {
  const gradient = new Float32Array(new SharedArrayBuffer(4 * inputs.rows * inputs.vocabSize));
  const result = pool.crossEntropy({
    logits: inputs.logits,
    targets: Int32Array.from(inputs.targets),
    rows: inputs.rows,
    vocabSize: inputs.vocabSize,
    labelSmoothing: inputs.labelSmoothing,
    // No target equals this index, so the row weights alone decide which rows count.
    ignoreIndex: Number.NaN,
    rowWeights: inputs.rowWeights,
    gradient,
  });
  return { grad: gradient, rowLosses: Float64Array.from(result.rowLosses) };
}
