/**
 * Chooses evenly spaced round tick values (1, 2 or 5 times a power of ten) that cover `[min, max]`.
 *
 * @param min - Lower end of the data range.
 * @param max - Upper end of the data range; must be at least `min`.
 * @param targetCount - About how many ticks to return (default 6); the result has between 2 and about twice as many.
 * @returns Ascending tick values; the first is at most `min` and the last at least `max`.
 * @throws Error when `min` or `max` is not finite, `max < min`, or `targetCount` is not a positive integer.
 * @example
 * ```ts
 * import { niceTicks } from '@fusegrad/plot';
 *
 * const ticks = niceTicks(0.13, 0.92); // [0, 0.2, 0.4, 0.6, 0.8, 1]
 * console.log(ticks.length);
 * ```
 */
export function niceTicks(min: number, max: number, targetCount = 6): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) {
    throw new Error(`niceTicks: invalid range [${min}, ${max}]; pass finite numbers with min <= max`);
  }
  if (!Number.isInteger(targetCount) || targetCount < 1) {
    throw new Error(`niceTicks: targetCount is ${targetCount}; pass a positive integer`);
  }

  // A range too narrow for distinct float ticks still needs an axis: widen it around its values.
  const magnitude = Math.max(Math.abs(min), Math.abs(max));
  if (max - min <= magnitude * 1e-9 || max - min < 1e-200) {
    const pad = magnitude < 1e-200 ? 1 : magnitude * 0.1;
    min -= pad;
    max += pad;
  }

  const step = niceStep((max - min) / targetCount);
  let first = Math.floor(min / step);
  let last = Math.ceil(max / step);
  // Division rounding can land one step inside the range; the ends must enclose it.
  while (roundToStep(first, step) > min) first--;
  while (roundToStep(last, step) < max) last++;

  const ticks: number[] = [];
  for (let i = first; i <= last; i++) {
    ticks.push(roundToStep(i, step));
  }
  return ticks;
}

/**
 * Chooses tick values for a base-10 logarithmic axis over `[min, max]`.
 *
 * The ticks are the powers of ten in the range plus the neighbouring power on each side. When the range spans less
 * than two decades, the multiples 2 and 5 of each power are added so that the axis has enough labels.
 *
 * @param min - Lower end of the data range; must be positive.
 * @param max - Upper end of the data range; must be at least `min`.
 * @returns Ascending positive tick values; the first is at most `min` and the last at least `max`.
 * @throws Error when `min` is not positive, a bound is not finite, or `max < min`.
 * @example
 * ```ts
 * import { logTicks } from '@fusegrad/plot';
 *
 * console.log(logTicks(3, 4000)); // [1, 10, 100, 1000, 10000]
 * ```
 */
export function logTicks(min: number, max: number): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min <= 0 || max < min) {
    throw new Error(`logTicks: invalid range [${min}, ${max}]; a log axis needs finite values with 0 < min <= max`);
  }

  let lowExponent = Math.floor(Math.log10(min));
  let highExponent = Math.max(Math.ceil(Math.log10(max)), lowExponent + 1);
  // log10 rounds near powers of ten (log10(999999.999999999) is 6), so check the ends against the values.
  while (10 ** lowExponent > min) lowExponent--;
  while (10 ** highExponent < max) highExponent++;
  const withMultiples = highExponent - lowExponent < 2;
  const ticks: number[] = [];
  for (let exponent = lowExponent; exponent <= highExponent; exponent++) {
    const power = 10 ** exponent;
    ticks.push(power);
    if (withMultiples && exponent < highExponent) {
      ticks.push(2 * power, 5 * power);
    }
  }
  return ticks.map((tick) => Number(tick.toPrecision(12)));
}

function niceStep(roughStep: number): number {
  const power = 10 ** Math.floor(Math.log10(roughStep));
  const fraction = roughStep / power;
  if (fraction <= 1) return power;
  if (fraction <= 2) return 2 * power;
  if (fraction <= 5) return 5 * power;
  return 10 * power;
}

/** Rounds away the float error of `index * step` (3 * 0.1 is 0.30000000000000004). */
function roundToStep(index: number, step: number): number {
  return Number((index * step).toPrecision(12));
}
