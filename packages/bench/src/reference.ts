/** A loss and its gradient with respect to the student log-probabilities. */
export interface LossAndGradient {
  /** The scalar loss (batchmean: summed over elements, divided by the number of rows). */
  readonly loss: number;
  /** d loss / d student log-probabilities, row-major `[batchTokens, vocabSize]`. */
  readonly grad: Float32Array | Float64Array;
}

/**
 * Computes the generalised Jensen-Shannon divergence and its gradient in float64, the reference that every
 * contender's loss and gradient are compared with before it is timed.
 *
 * With X the student and Y the teacher log-probabilities, Q = exp X, P = exp Y and M = beta P + (1 - beta) Q, each
 * element adds beta P (Y - log M) + (1 - beta) Q (X - log M), with gradient (1 - beta) Q (X - log M). beta = 0 is
 * forward KL(P || Q), P (Y - X) with gradient -P, and beta = 1 is reverse KL(Q || P), Q (X - Y) with gradient
 * Q (X - Y + 1). log M is formed as max + log(sum of exp) from log beta + Y and log(1 - beta) + X, so it stays finite
 * where both probabilities underflow; zero probabilities add nothing (0 log 0 = 0). The loss and the gradient are
 * divided by the number of rows (batchmean).
 *
 * @param studentLogProbs - X, `[batchTokens, vocabSize]` row-major.
 * @param teacherLogProbs - Y, laid out like X.
 * @param batchTokens - Rows, BT.
 * @param beta - Weight of the teacher in the mixture, in [0, 1].
 * @returns The float64 loss and a fresh Float64Array gradient.
 * @throws Error when the array lengths do not match, `batchTokens` does not divide them, or beta is outside [0, 1].
 * @example
 * ```ts
 * import { jsdReference } from '@fusegrad/bench';
 * const x = Float32Array.from([Math.log(0.3), Math.log(0.7)]);
 * const y = Float32Array.from([Math.log(0.6), Math.log(0.4)]);
 * console.log(jsdReference(x, y, 1, 0.5).loss.toFixed(7)); // 0.0462008
 * ```
 */
export function jsdReference(
  studentLogProbs: Float32Array | Float64Array,
  teacherLogProbs: Float32Array | Float64Array,
  batchTokens: number,
  beta: number,
): LossAndGradient {
  validateReferenceArguments(studentLogProbs, teacherLogProbs, batchTokens, beta);

  const count = studentLogProbs.length;
  const grad = new Float64Array(count);
  const scale = 1 / batchTokens;
  const logBeta = Math.log(beta);
  const logOneMinusBeta = Math.log(1 - beta);
  let lossSum = 0;

  for (let i = 0; i < count; i++) {
    const x = studentLogProbs[i];
    const y = teacherLogProbs[i];
    const q = x === -Infinity ? 0 : Math.exp(x);
    const p = y === -Infinity ? 0 : Math.exp(y);

    if (beta === 0) {
      lossSum += p === 0 ? 0 : p * (y - x);
      grad[i] = -p * scale;
      continue;
    }
    if (beta === 1) {
      const term = q === 0 ? 0 : q * (x - y);
      lossSum += term;
      grad[i] = q === 0 ? 0 : (term + q) * scale;
      continue;
    }

    const a = logBeta + y;
    const b = logOneMinusBeta + x;
    const high = Math.max(a, b);
    const logM = high === -Infinity ? -Infinity : high + Math.log(Math.exp(a - high) + Math.exp(b - high));
    const teacherTerm = p === 0 ? 0 : beta * p * (y - logM);
    const studentTerm = q === 0 ? 0 : (1 - beta) * q * (x - logM);
    lossSum += teacherTerm + studentTerm;
    grad[i] = studentTerm * scale;
  }

  return { loss: lossSum * scale, grad };
}

function validateReferenceArguments(
  studentLogProbs: ArrayLike<number>,
  teacherLogProbs: ArrayLike<number>,
  batchTokens: number,
  beta: number,
): void {
  if (studentLogProbs.length !== teacherLogProbs.length) {
    throw new Error(
      `jsdReference: student has ${studentLogProbs.length} elements but teacher has ${teacherLogProbs.length}; pass two [BT, V] arrays of the same size`,
    );
  }
  if (!Number.isInteger(batchTokens) || batchTokens <= 0 || studentLogProbs.length % batchTokens !== 0) {
    throw new Error(
      `jsdReference: batchTokens ${batchTokens} does not divide the ${studentLogProbs.length} elements; pass the row count of the [BT, V] arrays`,
    );
  }
  if (!(beta >= 0 && beta <= 1)) {
    throw new Error(`jsdReference: beta must be in [0, 1], got ${beta}; use 0.5 for the symmetric JSD`);
  }
}
