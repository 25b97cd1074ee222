import { getBackend, resolveBackend, Tensor, type TypedArray } from '@fusegrad/core';

import { fastLossPoolFor } from '../fast/adapters.js';
import { jsdChunk } from '../fast/jsd-chunk.js';
import { FastPathNaNError } from '../fast/nan-error.js';
import { findFirstNaN } from '../find-first-nan.js';
import type { FastLossPool } from '../fast/pool.js';
import { computeJsd } from '../kernels/jsd-kernel.js';
import { computeJsdFloat64 } from '../kernels/jsd-float64.js';

/** The JSD of one chunk: the gradient with respect to the student log-probabilities, and the loss. */
export interface ChunkJsdResult {
  /** d loss / d studentLogProbs, flat `[rows * vocabSize]`, each row times its row weight. */
  readonly gradient: TypedArray;
  /** Sum of the chunk's unweighted row losses, in float64 (ignored rows add 0). */
  readonly rowLossSum: number;
  /** Releases the gradient's storage; call it once the gradient has been used. */
  release(): void;
}

/** Runs the fused JSD kernel on one chunk of rows at a time. */
export interface ChunkJsd {
  run(studentLogProbs: Tensor, teacherLogProbs: Tensor, rowWeights: Float64Array): ChunkJsdResult;
  /** Releases the scratch memory kept across chunks. */
  dispose(): void;
}

/**
 * Chooses the JSD kernel for the chunks of one forward pass.
 *
 * Float64 log-probabilities take the float64 JavaScript loop. Float32 ones take the fast pool of
 * the backend setting (see `fastLossPoolFor`): under `'auto'` the fastest correct path measured on
 * first use, under an explicit cpu, webasm or headlessgl backend the fast kernels in the calling
 * thread. Otherwise (webgpu, or no correct fast path) they take the gpu.js kernel on the backend
 * that the setting resolves to. Every path uses the same per-element formulas.
 *
 * @param beta - teacher weight of the mixture, in [0, 1]
 * @param chunkSize - the largest number of rows that {@link ChunkJsd.run} receives
 * @param vocabSize - the row length V
 * @param dtype - dtype of the student log-probabilities
 */
export function createChunkJsd(beta: number, chunkSize: number, vocabSize: number, dtype: 'float32' | 'float64'): ChunkJsd {
  if (dtype === 'float64') return float64ChunkJsd(beta, vocabSize);

  const pool = fastLossPoolFor(getBackend());
  if (pool !== null) return fastPoolChunkJsd(pool, beta, chunkSize, vocabSize);
  return gpuChunkJsd(beta, vocabSize);
}

function float64ChunkJsd(beta: number, vocabSize: number): ChunkJsd {
  return {
    run(studentLogProbs, teacherLogProbs, rowWeights) {
      const rows = rowWeights.length;
      const input = studentLogProbs.toFloat64Array();
      const target = teacherLogProbs.toFloat64Array();
      // The float32 fast path finds NaN in its kernels; this loop needs a scan to report it the same way.
      throwFirstNaN(input, target, vocabSize);
      const { grad, rowLosses } = computeJsdFloat64({
        input,
        target,
        rows,
        vocabSize,
        beta,
        rowWeights,
      });
      return trackedResult(grad, rows, vocabSize, sumOf(rowLosses));
    },
    dispose() {},
  };
}

function gpuChunkJsd(beta: number, vocabSize: number): ChunkJsd {
  const backend = resolveBackend();
  if (backend === 'webgpu') {
    throw new Error(
      'fusedLinearJSD: the webgpu backend runs kernels asynchronously, so this synchronous loss cannot use it; ' +
        "select 'auto', 'cpu' or 'headlessgl' with setBackend",
    );
  }
  return {
    run(studentLogProbs, teacherLogProbs, rowWeights) {
      const rows = rowWeights.length;
      const { grad, rowLosses } = computeJsd(
        {
          input: studentLogProbs.data as Float32Array,
          target: float32Data(teacherLogProbs),
          rows,
          vocabSize,
          beta,
          rowWeights: Float32Array.from(rowWeights),
        },
        backend,
      );
      return trackedResult(grad, rows, vocabSize, sumOf(rowLosses));
    },
    dispose() {},
  };
}

/**
 * The fast pool writes each chunk's gradient into one scratch block on a SharedArrayBuffer, so
 * worker threads can write it. A tensor wraps the block only so that memory accounting counts it.
 */
function fastPoolChunkJsd(pool: FastLossPool, beta: number, chunkSize: number, vocabSize: number): ChunkJsd {
  const scratch = new Float32Array(new SharedArrayBuffer(chunkSize * vocabSize * Float32Array.BYTES_PER_ELEMENT));
  const scratchTensor = new Tensor(scratch, [chunkSize, vocabSize]);

  return {
    run(studentLogProbs, teacherLogProbs, rowWeights) {
      const rows = rowWeights.length;
      const gradient = scratch.subarray(0, rows * vocabSize);
      const rowLosses = new Float64Array(rows);
      jsdChunk(pool, {
        studentLogProbs: studentLogProbs.data as Float32Array,
        teacherLogProbs: float32Data(teacherLogProbs),
        rows,
        vocabSize,
        beta,
        rowWeights: Float32Array.from(rowWeights),
        gradient,
        rowLosses,
      });
      return { gradient, rowLossSum: sumOf(rowLosses), release() {} };
    },
    dispose() {
      scratchTensor.dispose();
    },
  };
}

/** Wraps a kernel's fresh gradient in a tensor for memory accounting until it is released. */
function trackedResult(grad: TypedArray, rows: number, vocabSize: number, rowLossSum: number): ChunkJsdResult {
  const tracked = new Tensor(grad, [rows, vocabSize]);
  return { gradient: grad, rowLossSum, release: () => tracked.dispose() };
}

function float32Data(values: Tensor): Float32Array {
  return values.dtype === 'float32' ? (values.data as Float32Array) : values.toFloat32Array();
}

/** Throws a {@link FastPathNaNError} at the first NaN of `input` or `target`, `input` first at a tie. */
function throwFirstNaN(input: Float64Array, target: Float64Array, vocabSize: number): void {
  const found = findFirstNaN(input, target, 0, input.length);
  if (found === null) return;
  throw new FastPathNaNError('fusedLinearJSD', found.argument === 0 ? 'input' : 'target', found.index, vocabSize);
}

function sumOf(values: Float64Array): number {
  let total = 0;
  for (let index = 0; index < values.length; index++) total += values[index]!;
  return total;
}
