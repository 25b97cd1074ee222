import { crossEntropyRowStats } from './cross-entropy-rows.js';

/** The inputs of {@link computeCrossEntropyFloat64}: those of the gpu.js computation, in float64. */
export interface CrossEntropyFloat64Inputs {
  /** Logits, row-major `[rows, vocabSize]`. */
  readonly logits: Float64Array;
  /** Target class per row `[rows]`, in [0, vocabSize) wherever the row weight is not 0. */
  readonly targets: ArrayLike<number>;
  /** Number of rows (batch times sequence length, BT). */
  readonly rows: number;
  /** Vocabulary size V: the number of classes, and the length of each row. */
  readonly vocabSize: number;
  /** Label smoothing s in [0, 1]: the target distribution is (1 - s) one-hot + s / vocabSize. */
  readonly labelSmoothing: number;
  /** Gradient scale per row `[rows]`: 0 skips the row (no loss, zero gradient). */
  readonly rowWeights: Float64Array;
}

/** The outputs of {@link computeCrossEntropyFloat64}. */
export interface CrossEntropyFloat64Result {
  /** d loss / d logits `[rows, vocabSize]`: softmax minus the smoothed one-hot, times the row weight. */
  readonly grad: Float64Array;
  /** Each row's unweighted loss `[rows]`; 0 for rows whose weight is 0. */
  readonly rowLosses: Float64Array;
}

/**
 * Computes cross entropy and its gradient in a float64 JavaScript loop with the same formulas as
 * {@link computeCrossEntropy}, for float64 tensors.
 *
 * @param inputs - logits `[rows, vocabSize]`, target classes, label smoothing and row weights, in float64
 * @returns the gradient `[rows, vocabSize]` scaled by the row weights, and each row's unweighted loss
 * @example
 * ```ts
 * import { computeCrossEntropyFloat64 } from 'fusegrad';
 *
 * // Equal logits: the loss is log(vocabSize) and the gradient is 1/3 everywhere except the target.
 * const { grad, rowLosses } = computeCrossEntropyFloat64({
 *   logits: Float64Array.of(0, 0, 0),
 *   targets: [0],
 *   rows: 1,
 *   vocabSize: 3,
 *   labelSmoothing: 0,
 *   rowWeights: Float64Array.of(1),
 * });
 * console.log(Math.abs(rowLosses[0]! - Math.log(3)) < 1e-12); // true
 * console.log(Array.from(grad, (value) => value.toFixed(4))); // [ '-0.6667', '0.3333', '0.3333' ]
 * ```
 */
export function computeCrossEntropyFloat64(inputs: CrossEntropyFloat64Inputs): CrossEntropyFloat64Result {
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
