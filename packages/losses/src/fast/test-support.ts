/**
 * Helpers shared by the fast-path tests: which backends run here, and
 * float64 references that the reference vectors do not cover.
 */
import { BlockRunner } from './block-runner.js';
import type { FastBackend } from './block-runner.js';

/**
 * Returns cpu and webasm, plus headlessgl when a WebGL context can be
 * created (under `xvfb-run`); prints why headlessgl is skipped otherwise.
 */
export function fastTestBackends(): FastBackend[] {
  const backends: FastBackend[] = ['cpu', 'webasm'];
  try {
    const runner = new BlockRunner('headlessgl');
    runner.destroy();
    backends.push('headlessgl');
  } catch (error) {
    console.log(`headlessgl skipped: ${(error as Error).message} (run the tests under xvfb-run)`);
  }
  return backends;
}

/** Row weights of a batch-mean reduction: 1 / rowsCounted on counted rows, 0 on ignored ones. */
export function batchMeanWeights(labels: ArrayLike<number> | undefined, rows: number, ignoreIndex = -100): Float32Array {
  const weights = new Float32Array(rows);
  let counted = 0;
  for (let r = 0; r < rows; r++) if (labels === undefined || labels[r] !== ignoreIndex) counted++;
  for (let r = 0; r < rows; r++) {
    if (labels === undefined || labels[r] !== ignoreIndex) weights[r] = 1 / counted;
  }
  return weights;
}

/** Row-wise log-softmax in float64 of `values / temperature`, flat `[rows, vocabSize]`. */
export function logSoftmaxRows(values: ArrayLike<number>, rows: number, vocabSize: number, temperature = 1): Float64Array {
  const output = new Float64Array(rows * vocabSize);
  for (let r = 0; r < rows; r++) {
    const offset = r * vocabSize;
    let max = -Infinity;
    for (let j = 0; j < vocabSize; j++) max = Math.max(max, values[offset + j]! / temperature);
    let sum = 0;
    for (let j = 0; j < vocabSize; j++) sum += Math.exp(values[offset + j]! / temperature - max);
    const logSum = max + Math.log(sum);
    for (let j = 0; j < vocabSize; j++) output[offset + j] = values[offset + j]! / temperature - logSum;
  }
  return output;
}

/** Random log-probability rows from a seeded generator, flat `[rows, vocabSize]`, rounded to float32. */
export function randomLogProbs(rows: number, vocabSize: number, seed: number, spread = 4): Float32Array {
  let state = seed >>> 0;
  const next = () => {
    // mulberry32: a small seeded generator, enough for test data.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const logits = new Float64Array(rows * vocabSize);
  for (let i = 0; i < logits.length; i++) logits[i] = (next() * 2 - 1) * spread;
  return Float32Array.from(logSoftmaxRows(logits, rows, vocabSize));
}
