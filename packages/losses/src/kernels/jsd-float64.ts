import { jsdLogMixture, jsdPointwiseGradient, jsdPointwiseLoss } from './jsd-element.js';

/** The inputs of {@link computeJsdFloat64}: those of the gpu.js kernel, in float64. */
export interface JsdFloat64Inputs {
  readonly input: Float64Array;
  readonly target: Float64Array;
  readonly rows: number;
  readonly vocabSize: number;
  readonly beta: number;
  readonly rowWeights: Float64Array;
}

/**
 * Computes the JSD loss terms and gradient in a float64 JavaScript loop with the same per-element
 * formulas as the gpu.js kernel, for float64 tensors (gpu.js kernels compute in float32).
 *
 * @returns the gradient `[rows, vocabSize]` scaled by the row weights, and each row's unweighted loss
 */
export function computeJsdFloat64(inputs: JsdFloat64Inputs): { grad: Float64Array; rowLosses: Float64Array } {
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
