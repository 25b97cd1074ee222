import { UniformSource } from './random.js';

/** Student and teacher log-probabilities for one JSD benchmark case, row-major `[batchTokens, vocabSize]`. */
export interface JsdInputs {
  /** Rows (tokens) in the batch, BT. */
  readonly batchTokens: number;
  /** Vocabulary size, V. */
  readonly vocabSize: number;
  /** Student log-probabilities X, float32, `batchTokens * vocabSize` long; each row is a log_softmax. */
  readonly studentLogProbs: Float32Array;
  /** Teacher log-probabilities Y, laid out like `studentLogProbs`. */
  readonly teacherLogProbs: Float32Array;
}

/** Half-width of the uniform logit range; logits in [-3, 3] give log-probabilities roughly ln V +- 3 apart. */
const LOGIT_HALF_RANGE = 3;

/**
 * Generates seeded student and teacher log-probabilities: uniform logits, each row passed through a float64
 * log_softmax and rounded to float32.
 *
 * The teacher's logits are the student's plus independent noise, so the two distributions overlap as they do in
 * distillation and the JSD stays away from both 0 and ln 2.
 *
 * @param batchTokens - Rows, BT (a positive integer).
 * @param vocabSize - Columns, V (a positive integer).
 * @param seed - Seed of the uniform source (default 1).
 * @returns Fresh arrays of `batchTokens * vocabSize` float32 values each.
 * @throws Error when a size is not a positive integer.
 * @example
 * ```ts
 * import { makeJsdInputs } from '@fusegrad/bench';
 * const inputs = makeJsdInputs(4, 16, 1);
 * console.log(inputs.studentLogProbs.length); // 64
 * ```
 */
export function makeJsdInputs(batchTokens: number, vocabSize: number, seed = 1): JsdInputs {
  for (const [name, value] of [['batchTokens', batchTokens], ['vocabSize', vocabSize]] as const) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new Error(`makeJsdInputs: ${name} must be a positive integer, got ${value}; pass a row or column count such as 1024`);
    }
  }

  const source = new UniformSource(seed);
  const studentLogProbs = new Float32Array(batchTokens * vocabSize);
  const teacherLogProbs = new Float32Array(batchTokens * vocabSize);
  const studentRow = new Float64Array(vocabSize);
  const teacherRow = new Float64Array(vocabSize);

  for (let row = 0; row < batchTokens; row++) {
    for (let col = 0; col < vocabSize; col++) {
      const logit = (source.next() * 2 - 1) * LOGIT_HALF_RANGE;
      studentRow[col] = logit;
      teacherRow[col] = logit + (source.next() * 2 - 1) * LOGIT_HALF_RANGE;
    }
    writeLogSoftmax(studentRow, studentLogProbs, row * vocabSize);
    writeLogSoftmax(teacherRow, teacherLogProbs, row * vocabSize);
  }

  return { batchTokens, vocabSize, studentLogProbs, teacherLogProbs };
}

function writeLogSoftmax(logits: Float64Array, out: Float32Array, offset: number): void {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);

  let sumExp = 0;
  for (let i = 0; i < logits.length; i++) sumExp += Math.exp(logits[i] - max);
  const logSumExp = max + Math.log(sumExp);

  for (let i = 0; i < logits.length; i++) out[offset + i] = logits[i] - logSumExp;
}
