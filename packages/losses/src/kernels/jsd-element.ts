// Per-element JSD formulas shared by the gpu.js kernels and the float64 loop. gpu.js compiles
// these functions from their source text, so they stay plain `function` declarations that use only
// arithmetic, comparisons and Math calls.
//
// Notation: x and y are the student's and teacher's log-probabilities, q = exp(x), p = exp(y),
// and M = beta * p + (1 - beta) * q is the mixture.

/**
 * Computes log M as the log-add-exp of log(beta) + y and log(1 - beta) + x, which stays finite when
 * both log-probabilities are so negative that p and q underflow to 0.
 *
 * The result is NaN when x and y are both -Infinity; callers only use it where p > 0 or q > 0.
 */
export function jsdLogMixture(x: number, y: number, logBeta: number, logOneMinusBeta: number): number {
  const teacherTerm = logBeta + y;
  const studentTerm = logOneMinusBeta + x;
  const larger = Math.max(teacherTerm, studentTerm);
  const smaller = Math.min(teacherTerm, studentTerm);
  return larger + Math.log(1 + Math.exp(smaller - larger));
}

/**
 * Computes one element's loss term. beta 0 is forward KL(P || Q) and beta 1 reverse KL(Q || P),
 * where the mixture formula would give exactly 0. A zero probability contributes nothing
 * (0 log 0 = 0), so -Infinity inputs never produce NaN, while a KL with mismatched support gives
 * +Infinity.
 */
export function jsdPointwiseLoss(x: number, y: number, p: number, q: number, logMixture: number, beta: number): number {
  if (beta == 0) {
    if (p > 0) {
      return p * (y - x);
    }
    return 0;
  }
  if (beta == 1) {
    if (q > 0) {
      return q * (x - y);
    }
    return 0;
  }

  let loss = 0;
  if (p > 0) {
    loss += beta * p * (y - logMixture);
  }
  if (q > 0) {
    loss += (1 - beta) * q * (x - logMixture);
  }
  return loss;
}

/**
 * Computes the derivative of one element's loss term with respect to x: -p at beta 0,
 * q (x - y + 1) at beta 1, and (1 - beta) q (x - log M) in between; 0 wherever q = 0 (except at
 * beta 0, where it does not depend on q).
 */
export function jsdPointwiseGradient(x: number, y: number, p: number, q: number, logMixture: number, beta: number): number {
  if (beta == 0) {
    return -p;
  }
  if (q > 0) {
    if (beta == 1) {
      return q * (x - y + 1);
    }
    return (1 - beta) * q * (x - logMixture);
  }
  return 0;
}
