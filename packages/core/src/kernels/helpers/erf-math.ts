const twoOverSqrtPi = 1.1283791670955126;
const oneOverSqrtPi = 0.5641895835477563;
// erfc(6) is about 2e-17, under half the float64 spacing below 1, so erf rounds to ±1 from here on.
const saturation = 6;
// Below this point the series converges in under 60 terms; above it the continued fraction does.
const seriesLimit = 2.5;

/**
 * Computes the error function erf(x) = 2/sqrt(pi) * integral from 0 to x of exp(-t^2) dt to about
 * float64 precision (relative error near 1e-15), so finite differences of `gelu` stay accurate.
 *
 * For |x| < 2.5 it sums the series erf(x) = 2/sqrt(pi) * exp(-x^2) * sum over n of
 * 2^n x^(2n+1) / (1 * 3 * ... * (2n+1)), whose terms are all positive. Above that it evaluates
 * erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))) with the modified
 * Lentz method and returns 1 - erfc(x).
 */
export function erfScalar(x: number): number {
  if (x !== x) return NaN;
  const magnitude = Math.abs(x);
  const sign = x < 0 ? -1 : 1;
  if (magnitude >= saturation) return sign;
  if (magnitude < seriesLimit) return sign * erfSeries(magnitude);
  return sign * (1 - erfcContinuedFraction(magnitude));
}

function erfSeries(x: number): number {
  const twoXSquared = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= twoXSquared / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return twoOverSqrtPi * Math.exp(-x * x) * sum;
}

// Continued fraction x + a1/(x + a2/(x + ...)) with a_n = n/2, evaluated by modified Lentz.
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let value = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    value *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (oneOverSqrtPi * Math.exp(-x * x)) / value;
}
