/** Per-row statistics of logits that cross entropy needs, computed in float64. */
export interface CrossEntropyRowStats {
  /** logsumexp of each row `[rows]`. */
  readonly logSumExp: Float64Array;
  /** Each row's unweighted loss: (1 - s) (lse - z[target]) + s (lse - mean z) for label smoothing s. */
  readonly rowLosses: Float64Array;
}

/**
 * Computes each counted row's logsumexp and cross-entropy loss in one float64 pass over the logits;
 * rows whose weight is 0 are skipped and keep 0.
 */
export function crossEntropyRowStats(
  logits: Float32Array | Float64Array,
  targets: ArrayLike<number>,
  rowWeights: ArrayLike<number>,
  rows: number,
  vocabSize: number,
  labelSmoothing: number,
): CrossEntropyRowStats {
  const logSumExp = new Float64Array(rows);
  const rowLosses = new Float64Array(rows);

  for (let row = 0; row < rows; row++) {
    if (rowWeights[row] === 0) continue;
    const start = row * vocabSize;

    let max = -Infinity;
    for (let index = start; index < start + vocabSize; index++) max = Math.max(max, logits[index]!);

    // Shifting by the row maximum keeps exp() from overflowing; a row of -Infinity keeps max -Infinity.
    const shift = Number.isFinite(max) ? max : 0;
    let sumExp = 0;
    let sumLogits = 0;
    for (let index = start; index < start + vocabSize; index++) {
      sumExp += Math.exp(logits[index]! - shift);
      sumLogits += logits[index]!;
    }
    const rowLogSumExp = shift + Math.log(sumExp);
    logSumExp[row] = rowLogSumExp;

    const targetLogit = logits[start + targets[row]!]!;
    let loss = (1 - labelSmoothing) * (rowLogSumExp - targetLogit);
    if (labelSmoothing > 0) loss += labelSmoothing * (rowLogSumExp - sumLogits / vocabSize);
    rowLosses[row] = loss;
  }

  return { logSumExp, rowLosses };
}
