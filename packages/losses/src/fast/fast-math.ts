/**
 * Exponential and logarithm written in the gpu.js kernel language from
 * arithmetic alone, so that no backend calls out to a transcendental
 * function. On gpu.js's webasm backend each `Math.exp`/`Math.log` is a call
 * from WebAssembly into JavaScript per SIMD lane. These helpers compile to a
 * few multiply-adds and one table load instead.
 *
 * The functions read `this.constants.pow2`, so every kernel that uses them
 * must be created with `constants: { pow2: createPow2Table() }`.
 */

/** `this` inside a kernel helper that reads the power-of-two table. */
export interface Pow2Constants {
  /** Kernel constants that the helpers read. */
  readonly constants: {
    /** The table from {@link createPow2Table}. */
    readonly pow2: Float32Array;
  };
}

/**
 * Index of 2^0 in the table from {@link createPow2Table}: entry `i` is
 * 2^(i - POW2_TABLE_OFFSET).
 */
export const POW2_TABLE_OFFSET = 160;

/** Number of entries in the power-of-two table: exponents -160 to 127. */
export const POW2_TABLE_LENGTH = 288;

/**
 * Lower clamp of {@link fastExp}'s argument. Below about -103.3 the float32
 * result is 0 (denormals end at 2^-149), and the table stores exact zeros
 * for exponents under -149, so `fastExp(-Infinity)` is exactly 0.
 */
export const FAST_EXP_MIN_INPUT = -110;

/** Upper clamp of {@link fastExp}'s argument: exp(88) = 1.65e38 still fits in float32. */
export const FAST_EXP_MAX_INPUT = 88;

/**
 * Builds the table of powers of two that {@link fastExp} scales by.
 *
 * @returns A fresh `Float32Array` of {@link POW2_TABLE_LENGTH} entries; entry
 *   `i` is 2^(i - {@link POW2_TABLE_OFFSET}) rounded to float32, so exponents
 *   below -149 give exactly 0.
 * @example
 * ```ts
 * import { createPow2Table, POW2_TABLE_OFFSET } from 'fusegrad';
 *
 * const pow2 = createPow2Table();
 * console.log(pow2[POW2_TABLE_OFFSET + 3]); // 8
 * ```
 */
export function createPow2Table(): Float32Array {
  const table = new Float32Array(POW2_TABLE_LENGTH);
  for (let i = 0; i < POW2_TABLE_LENGTH; i++) {
    table[i] = 2 ** (i - POW2_TABLE_OFFSET);
  }
  return table;
}

/**
 * Computes e^x for use inside gpu.js kernels (add it with `gpu.addFunction`).
 *
 * The argument is clamped to [-110, 88], so -Infinity gives exactly 0 and no
 * input gives NaN or Infinity. Then x = n ln 2 + r with |r| <= ln(2)/2 (ln 2
 * split in two parts so that n ln 2 is exact), e^r from its degree-7 Taylor
 * polynomial evaluated by Estrin's scheme, and 2^n from the table.
 *
 * For results in the normal float32 range the relative error is below 3e-7
 * in float32 arithmetic (webasm, headlessgl). In float64, the kernel
 * arithmetic of the cpu backend, it is below 1e-8, and the cpu backend's
 * float32 output adds up to 6e-8. Results under 2^-126 are float32
 * denormals or 0.
 *
 * @param x - Exponent, any number (NaN stays NaN).
 * @returns e^x after clamping.
 * @example
 * ```ts
 * import { createPow2Table, fastExp } from 'fusegrad';
 *
 * const pow2 = createPow2Table();
 * console.log(fastExp.call({ constants: { pow2 } }, 1)); // 2.718281828...
 * ```
 */
export function fastExp(this: Pow2Constants, x: number): number {
  const clamped = Math.min(Math.max(x, -110.0), 88.0);
  const n = Math.floor(clamped * 1.4426950408889634 + 0.5);
  // ln 2 = 0.693145751953125 + 1.4286068203094173e-6; the first part has 16
  // significant bits, so n * it is exact for |n| < 256 in float32.
  const r = clamped - n * 0.693145751953125 - n * 1.4286068203094173e-6;
  // Estrin's scheme: a shorter dependency chain than Horner's rule.
  const r2 = r * r;
  const r4 = r2 * r2;
  const polynomial =
    1.0 +
    r +
    r2 * (0.5 + r * 0.16666666666666666) +
    r4 * (0.041666666666666664 + r * 0.008333333333333333 + r2 * (0.001388888888888889 + r * 0.0001984126984126984));
  return polynomial * this.constants.pow2[n + 160];
}

/**
 * Computes ln(1 + t) for t in [0, 1] inside gpu.js kernels (add it with
 * `gpu.addFunction`).
 *
 * Uses ln(1 + t) = 2 atanh(s) with s = t / (2 + t) in [0, 1/3], summed to the
 * s^15 term: the truncation error is below 2e-9 relative, so float32
 * rounding dominates (about 2e-7 relative on webasm and headlessgl).
 *
 * @param t - Ratio in [0, 1]; outside that range the series loses accuracy
 *   (it still converges for t > -1).
 * @returns ln(1 + t).
 * @example
 * ```ts
 * import { fastLog1p } from 'fusegrad';
 *
 * console.log(fastLog1p(1)); // 0.693147...
 * ```
 */
export function fastLog1p(t: number): number {
  const s = t / (2.0 + t);
  const s2 = s * s;
  const series =
    1.0 +
    s2 *
      (0.3333333333333333 +
        s2 *
          (0.2 +
            s2 *
              (0.14285714285714285 +
                s2 * (0.1111111111111111 + s2 * (0.09090909090909091 + s2 * (0.07692307692307693 + s2 * 0.06666666666666667))))));
  return 2.0 * s * series;
}

/** The helpers above, in the order to pass them to `gpu.addFunction`. */
export const FAST_MATH_FUNCTIONS = [fastExp, fastLog1p] as const;
