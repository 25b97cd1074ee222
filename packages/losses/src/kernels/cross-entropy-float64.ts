import { crossEntropyRowStats } from './cross-entropy-rows.js';

/**
 * Computes cross entropy and its gradient in a float64 JavaScript loop with the same formulas as
 * {@link computeCrossEntropy}, for float64 tensors.
 *
 * @returns the gradient `[rows, vocabSize]` scaled by the row weights, and each row's unweighted loss
 */
export function computeCrossEntropyFloat64(inputs: {
  readonly logits: Float64Array;
  readonly targets: ArrayLike<number>;
  readonly rows: number;
  readonly vocabSize: number;
  readonly labelSmoothing: number;
  readonly rowWeights: Float64Array;
}): { grad: Float64Array; rowLosses: Float64Array } {
  const { logits, targets, rows, vocabSize, labelSmoothing, rowWeights } = inputs;
  const stats = crossEntropyRowStats(logits, targets, rowWeights, rows, vocabSize, labelSmoothing);
  const uniformMass = labelSmoothing / vocabSize;
  const grad = new Float64Array(rows * vocabSize);

  for (let row = 0; row < rows; row++) {
    const weight = rowWeights[row]!;
    if (weight === 0) continue;

    const start = row * vocabSize;
    for (let column = 0; column < vocabSize; column++) {
      let gradient = Math.exp(logits[start + column]! - stats.logSumExp[row]!) - uniformMass;
      if (column === targets[row]) gradient -= 1 - labelSmoothing;
      grad[start + column] = weight * gradient;
    }
  }

  return { grad, rowLosses: stats.rowLosses };
}
