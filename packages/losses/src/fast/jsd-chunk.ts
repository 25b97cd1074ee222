/**
 * Inner step of a fused linear JSD: the JSD gradient and row losses of one
 * chunk of rows, written into buffers the caller owns.
 */
import type { JsdConvention } from './block-runner.js';
import type { FastLossPool } from './pool.js';

/** One chunk of a fused linear JSD. */
export interface JsdChunkRequest {
  /** Student log-probabilities of the chunk, flat `[rows * vocabSize]`. */
  readonly studentLogProbs: Float32Array;
  /** Teacher log-probabilities of the chunk, same shape. */
  readonly teacherLogProbs: Float32Array;
  /** Rows in the chunk. */
  readonly rows: number;
  /** Row length V. */
  readonly vocabSize: number;
  /** Teacher weight in [0, 1]; default 0.5. */
  readonly beta?: number;
  /** Meaning of beta = 0 and 1; default `'klEndpoints'`. */
  readonly convention?: JsdConvention;
  /** Per-row gradient multiplier `[rows]` (for example 1 / rows counted over all chunks, 0 on ignored rows); default all 1. */
  readonly rowWeights?: Float32Array;
  /**
   * Receives d loss / d studentLogProbs, `[rows * vocabSize]`, each row times
   * its weight. It must be on a SharedArrayBuffer when the pool has workers.
   */
  readonly gradient: Float32Array;
  /** Receives each row's unweighted loss, `[rows]`, in float64. */
  readonly rowLosses: Float64Array;
}

/**
 * Computes the JSD gradient with respect to the student log-probabilities
 * and the row losses for one chunk of rows. A fused linear JSD forms logits
 * chunk by chunk (student hidden states times the vocabulary projection), so
 * the full `[BT, V]` logits never exist at once.
 *
 * The caller then maps the gradient to the chunk's logits through
 * log-softmax (for temperature T: `(g - softmax * rowSum(g)) / T`) and
 * multiplies by the projection. Both outputs go into the caller's buffers,
 * so results of earlier chunks stay valid.
 *
 * @param pool - A {@link FastLossPool} to run the kernel on.
 * @param request - The chunk and its output buffers.
 * @returns The chunk's sum of weight * row loss, in float64.
 * @throws Error on wrong buffer lengths, a gradient buffer that workers cannot write, or a worker failure.
 * @example
 * ```ts
 * import { FastLossPool, jsdChunk } from 'fusegrad';
 *
 * const pool = new FastLossPool({ backend: 'webasm', workers: 0 });
 * const studentLogProbs = new Float32Array([Math.log(0.3), Math.log(0.7)]);
 * const teacherLogProbs = new Float32Array([Math.log(0.6), Math.log(0.4)]);
 * const gradient = new Float32Array(2);
 * const rowLosses = new Float64Array(1);
 * const loss = jsdChunk(pool, { studentLogProbs, teacherLogProbs, rows: 1, vocabSize: 2, gradient, rowLosses });
 * console.log(loss.toFixed(7)); // 0.0462008
 * await pool.close();
 * ```
 */
export function jsdChunk(pool: FastLossPool, request: JsdChunkRequest): number {
  if (request.rowLosses.length !== request.rows) {
    throw new Error(
      `jsdChunk: rowLosses has ${request.rowLosses.length} elements, expected ${request.rows}; allocate one per row`,
    );
  }
  const result = pool.jsd({
    input: request.studentLogProbs,
    target: request.teacherLogProbs,
    rows: request.rows,
    vocabSize: request.vocabSize,
    beta: request.beta,
    convention: request.convention,
    rowWeights: request.rowWeights,
    gradient: request.gradient,
  });
  request.rowLosses.set(result.rowLosses);
  return result.weightedLoss;
}
