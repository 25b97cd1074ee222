import { jsdLogMixture, jsdPointwiseGradient, jsdPointwiseLoss } from './jsd-element.js';

/** The inputs of {@link computeJsdFloat64}: those of the gpu.js kernel, in float64. */
export interface JsdFloat64Inputs {
  /** Student log-probabilities, row-major `[rows, vocabSize]`. */
  readonly input: Float64Array;
  /** Teacher log-probabilities, row-major `[rows, vocabSize]`. */
  readonly target: Float64Array;
  /** Number of rows (batch times sequence length, BT). */
  readonly rows: number;
  /** Vocabulary size V: the length of each row. */
  readonly vocabSize: number;
  /** Mixture weight in [0, 1]; 0 and 1 select forward and reverse KL. */
  readonly beta: number;
  /** Gradient scale per row `[rows]`: 0 skips the row (no loss term, zero gradient). */
  readonly rowWeights: Float64Array;
}

/** The outputs of {@link computeJsdFloat64}. */
export interface JsdFloat64Result {
  /** d loss / d input, row-major `[rows, vocabSize]`, each row already multiplied by its row weight. */
  readonly grad: Float64Array;
  /** Each row's unweighted loss `[rows]`; 0 for rows whose weight is 0. */
  readonly rowLosses: Float64Array;
}

/**
 * Computes the JSD loss terms and gradient in a float64 JavaScript loop with the same per-element
 * formulas as the gpu.js kernel, for float64 tensors (gpu.js kernels compute in float32).
 *
 * @param inputs - student and teacher log-probabilities `[rows, vocabSize]`, beta and row weights, in float64
 * @returns the gradient `[rows, vocabSize]` scaled by the row weights, and each row's unweighted loss
 * @example
 * ```ts
 * import { computeJsdFloat64 } from 'fusegrad';
 *
 * // beta 0 is forward KL(teacher || student); a row weight of 2 doubles the gradient, not the loss.
 * const { grad, rowLosses } = computeJsdFloat64({
 *   input: Float64Array.from([0.3, 0.7].map(Math.log)),
 *   target: Float64Array.from([0.6, 0.4].map(Math.log)),
 *   rows: 1,
 *   vocabSize: 2,
 *   beta: 0,
 *   rowWeights: Float64Array.of(2),
 * });
 * const expectedLoss = 0.6 * Math.log(0.6 / 0.3) + 0.4 * Math.log(0.4 / 0.7);
 * console.log(Math.abs(rowLosses[0]! - expectedLoss) < 1e-12); // true
 * console.log(Array.from(grad)); // [ -1.2, -0.8 ], that is 2 * -teacher probabilities
 * ```
 */
export function computeJsdFloat64(inputs: JsdFloat64Inputs): JsdFloat64Result {
  const { rows, vocabSize, beta, rowWeights } = inputs;
  const logBeta = beta > 0 ? Math.log(beta) : 0;
  const logOneMinusBeta = beta < 1 ? Math.log1p(-beta) : 0;
  const grad = new Float64Array(rows * vocabSize);
  const rowLosses = new Float64Array(rows);

  for (let row = 0; row < rows; row++) {
    const weight = rowWeights[row]!;
    if (weight === 0) continue;

    let rowLoss = 0;
    for (let index = row * vocabSize; index < (row + 1) * vocabSize; index++) {
      const x = inputs.input[index]!;
      const y = inputs.target[index]!;
      const p = Math.exp(y);
      const q = Math.exp(x);
      const logMixture = jsdLogMixture(x, y, logBeta, logOneMinusBeta);
      rowLoss += jsdPointwiseLoss(x, y, p, q, logMixture, beta);
      grad[index] = weight * jsdPointwiseGradient(x, y, p, q, logMixture, beta);
    }
    rowLosses[row] = rowLoss;
  }

  return { grad, rowLosses };
}
