/**
 * Float64 JSD in plain JavaScript, the reference that {@link measureFastPaths}
 * checks each fast path against.
 */

/** Output of {@link jsdReferenceFloat64}. */
export interface JsdReference {
  /** Unweighted loss of each row, `[rows]`; 0 for rows whose weight is 0. */
  readonly rowLosses: Float64Array;
  /** Gradient with respect to the input, `[rows * vocabSize]`, each row times its weight. */
  readonly gradient: Float64Array;
}

/**
 * Computes the generalized JSD of each row and its gradient with respect to
 * the student log-probabilities in float64, with 0 log 0 = 0 and the KL end
 * points at beta = 0 and 1.
 *
 * @param input - Student log-probabilities X, flat `[rows * vocabSize]`.
 * @param target - Teacher log-probabilities Y, same shape.
 * @param rows - Number of rows.
 * @param vocabSize - Row length V.
 * @param beta - Teacher weight in [0, 1].
 * @param rowWeights - Gradient multiplier per row; 0 skips the row.
 * @returns Unweighted row losses `[rows]` and the weighted gradient `[rows * vocabSize]`.
 * @example
 * ```ts
 * import { jsdReferenceFloat64 } from 'fusegrad';
 *
 * const x = [Math.log(0.3), Math.log(0.7)];
 * const y = [Math.log(0.6), Math.log(0.4)];
 * console.log(jsdReferenceFloat64(x, y, 1, 2, 0.5, [1]).rowLosses[0]); // 0.0462008...
 * ```
 */
export function jsdReferenceFloat64(
  input: ArrayLike<number>,
  target: ArrayLike<number>,
  rows: number,
  vocabSize: number,
  beta: number,
  rowWeights: ArrayLike<number>,
): JsdReference {
  const rowLosses = new Float64Array(rows);
  const gradient = new Float64Array(rows * vocabSize);
  const logBeta = Math.log(beta);
  const logOneMinusBeta = Math.log1p(-beta);

  for (let r = 0; r < rows; r++) {
    const weight = rowWeights[r]!;
    if (weight === 0) continue;
    let rowLoss = 0;
    for (let j = 0; j < vocabSize; j++) {
      const i = r * vocabSize + j;
      const x = input[i]!;
      const y = target[i]!;
      const q = Math.exp(x);
      const p = Math.exp(y);
      let lossTerm = 0;
      let gradientTerm = 0;
      if (beta === 0) {
        if (p > 0) {
          lossTerm = p * (y - x);
          gradientTerm = -p;
        }
      } else if (beta === 1) {
        if (q > 0) {
          lossTerm = q * (x - y);
          gradientTerm = lossTerm + q;
        }
      } else {
        const logMixture = logAddExp(logBeta + y, logOneMinusBeta + x);
        if (q > 0) gradientTerm = (1 - beta) * q * (x - logMixture);
        lossTerm = gradientTerm + (p > 0 ? beta * p * (y - logMixture) : 0);
      }
      rowLoss += lossTerm;
      gradient[i] = gradientTerm * weight;
    }
    rowLosses[r] = rowLoss;
  }
  return { rowLosses, gradient };
}

function logAddExp(a: number, b: number): number {
  const max = Math.max(a, b);
  if (max === -Infinity) return -Infinity;
  return max + Math.log1p(Math.exp(Math.min(a, b) - max));
}
