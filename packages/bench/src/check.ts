import type { LossAndGradient } from './reference.js';

/** Bounds for comparing a float32 contender with the float64 reference. */
export interface CheckTolerance {
  /** Relative bound on the loss: |loss - expected| <= lossRtol * |expected| + lossAtol. */
  readonly lossRtol: number;
  /** Absolute floor of the loss bound, for losses near 0. */
  readonly lossAtol: number;
  /** Relative bound on each gradient element. */
  readonly gradRtol: number;
  /**
   * Absolute floor of each gradient element's bound, as a fraction of the gradient's scale: the largest |expected
   * gradient|, or 1 / (BT * V) (a uniform distribution's gradient) when that is larger. The gradient scales with
   * 1 / BT, so a fixed floor would mean nothing across sizes, and the second term keeps rounding noise from
   * failing a case whose exact gradient is all zeros.
   */
  readonly gradAtolFraction: number;
}

/**
 * Default float32 bounds. The loss bound is 1e-3 relative because the loss is a sum of up to 134 million terms,
 * which a float64 accumulator keeps to about 1e-6 but a float32 one does not. Each gradient element is a single
 * product, so 1e-3 relative plus 1e-5 of the gradient's scale leaves room for the approximate exp and log of GPU
 * shaders and still catches a wrong element.
 */
export const DEFAULT_TOLERANCE: CheckTolerance = {
  lossRtol: 1e-3,
  lossAtol: 1e-7,
  gradRtol: 1e-3,
  gradAtolFraction: 1e-5,
};

/** The outcome of comparing one contender's loss and gradient with the reference. */
export interface CheckResult {
  /** True when the loss and every gradient element are finite and within the tolerance. */
  readonly ok: boolean;
  /** The contender's loss. */
  readonly loss: number;
  /** The reference loss. */
  readonly expectedLoss: number;
  /** |loss - expected| / |expected| (absolute when the expected loss is 0). */
  readonly lossRelError: number;
  /** The largest |grad - expected| over all elements. */
  readonly gradMaxAbsError: number;
  /** gradMaxAbsError divided by the largest |expected gradient|. */
  readonly gradNormRelError: number;
  /** Elements outside the bound, NaN or infinite. */
  readonly gradBadCount: number;
  /** The reason the check failed, in one sentence; empty when it passed. */
  readonly message: string;
}

/**
 * Compares a contender's loss and gradient with the float64 reference, element by element.
 *
 * @param actual - The contender's loss and gradient (`[BT, V]` row-major).
 * @param expected - The reference from {@link jsdReference}.
 * @param tolerance - Bounds (default {@link DEFAULT_TOLERANCE}).
 * @returns The errors and a verdict. A wrong loss or gradient gives `ok: false` and a message, not an exception.
 * @example
 * ```ts
 * import { checkAgainstReference, jsdReference } from '@fusegrad/bench';
 * const x = Float32Array.from([Math.log(0.3), Math.log(0.7)]);
 * const y = Float32Array.from([Math.log(0.6), Math.log(0.4)]);
 * const reference = jsdReference(x, y, 1, 0.5);
 * const result = checkAgainstReference({ loss: reference.loss, grad: Float32Array.from(reference.grad) }, reference);
 * console.log(result.ok); // true
 * ```
 */
export function checkAgainstReference(
  actual: LossAndGradient,
  expected: LossAndGradient,
  tolerance: CheckTolerance = DEFAULT_TOLERANCE,
): CheckResult {
  const lossError = Math.abs(actual.loss - expected.loss);
  const lossRelError = expected.loss === 0 ? lossError : lossError / Math.abs(expected.loss);
  const lossOk = Number.isFinite(actual.loss) && lossError <= tolerance.lossRtol * Math.abs(expected.loss) + tolerance.lossAtol;

  if (actual.grad.length !== expected.grad.length) {
    return {
      ok: false,
      loss: actual.loss,
      expectedLoss: expected.loss,
      lossRelError,
      gradMaxAbsError: Infinity,
      gradNormRelError: Infinity,
      gradBadCount: expected.grad.length,
      message: `gradient has ${actual.grad.length} elements, expected ${expected.grad.length}`,
    };
  }

  let expectedMaxAbs = 0;
  for (let i = 0; i < expected.grad.length; i++) expectedMaxAbs = Math.max(expectedMaxAbs, Math.abs(expected.grad[i]));
  const gradAtol = tolerance.gradAtolFraction * Math.max(expectedMaxAbs, 1 / Math.max(expected.grad.length, 1));

  let gradMaxAbsError = 0;
  let gradBadCount = 0;
  let firstBadIndex = -1;
  for (let i = 0; i < expected.grad.length; i++) {
    const error = Math.abs(actual.grad[i] - expected.grad[i]);
    // Written so that a NaN error counts as bad: every comparison with NaN is false.
    if (!(error <= gradAtol + tolerance.gradRtol * Math.abs(expected.grad[i]))) {
      gradBadCount++;
      if (firstBadIndex < 0) firstBadIndex = i;
    }
    if (!(error <= gradMaxAbsError)) gradMaxAbsError = Number.isNaN(error) ? Infinity : error;
  }
  const gradNormRelError = expectedMaxAbs === 0 ? gradMaxAbsError : gradMaxAbsError / expectedMaxAbs;

  const problems: string[] = [];
  if (!lossOk) problems.push(`loss ${actual.loss} vs expected ${expected.loss} (relative error ${lossRelError.toExponential(2)})`);
  if (gradBadCount > 0) {
    problems.push(
      `${gradBadCount} of ${expected.grad.length} gradient elements out of tolerance, first at index ${firstBadIndex}: ` +
        `${actual.grad[firstBadIndex]} vs expected ${expected.grad[firstBadIndex]}`,
    );
  }

  return {
    ok: problems.length === 0,
    loss: actual.loss,
    expectedLoss: expected.loss,
    lossRelError,
    gradMaxAbsError,
    gradNormRelError,
    gradBadCount,
    message: problems.join('; '),
  };
}
