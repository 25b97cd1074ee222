const twoPow32 = 4294967296;
const twoPowMinus53 = 1 / 9007199254740992;

/**
 * Seeded pseudo-random number generator: xoshiro128** (Blackman and Vigna, 2018) on 32-bit integer
 * arithmetic through `Math.imul` and `>>> 0`, so one seed gives the same numbers on every machine
 * and JavaScript engine.
 *
 * The seed is expanded into the 128-bit state by a splitmix32-style sequence (a golden-ratio counter
 * passed through the MurmurHash3 32-bit finalizer), so nearby seeds give unrelated streams.
 *
 * @example
 * ```ts
 * import { Generator, randn } from 'fusegrad';
 *
 * const generator = new Generator(42);
 * console.log(generator.nextFloat() < 1); // true
 * const noise = randn([2, 3], { generator });
 * console.log(noise.shape); // [ 2, 3 ]
 * ```
 */
export class Generator {
  #s0 = 0;
  #s1 = 0;
  #s2 = 0;
  #s3 = 0;
  // Box-Muller yields normals in pairs; the second one waits here for the next normal() call.
  #spareNormal: number | null = null;

  /**
   * Creates a generator from a seed.
   *
   * @param seed - Integer seed, any safe integer including negatives.
   * @throws Error when `seed` is not a safe integer.
   */
  constructor(seed: number) {
    this.seed(seed);
  }

  /**
   * Creates a generator that continues from a state returned by {@link Generator.getState}.
   *
   * @param state - Four 32-bit unsigned integers, not all zero.
   * @returns A generator whose next outputs are those that followed the saved state.
   * @throws Error when `state` does not hold four 32-bit unsigned integers or is all zero.
   * @example
   * ```ts
   * import { Generator } from 'fusegrad';
   *
   * const a = new Generator(7);
   * const b = Generator.fromState(a.getState());
   * console.log(a.nextUint32() === b.nextUint32()); // true
   * ```
   */
  static fromState(state: readonly number[]): Generator {
    const valid =
      state.length === 4 && state.every((word) => Number.isInteger(word) && word >= 0 && word < twoPow32);
    if (!valid || state.every((word) => word === 0)) {
      throw new Error(
        `Generator.fromState: state [${state.join(',')}] is invalid; ` +
          'expected four 32-bit unsigned integers, not all zero, as returned by getState()',
      );
    }
    const generator = new Generator(0);
    [generator.#s0, generator.#s1, generator.#s2, generator.#s3] = state as [number, number, number, number];
    return generator;
  }

  /**
   * Resets the generator to the stream of `seed`.
   *
   * @param seed - Integer seed, any safe integer including negatives.
   * @returns Nothing.
   * @throws Error when `seed` is not a safe integer.
   */
  seed(seed: number): void {
    if (!Number.isSafeInteger(seed)) {
      throw new Error(`Generator: seed must be a safe integer, got ${String(seed)}; pass a whole number`);
    }

    // Both 32-bit halves of the seed enter the state, so seeds above 2^32 differ too.
    let mixer = (seed >>> 0) ^ Math.imul(Math.floor(seed / twoPow32) >>> 0, 0x9e3779b9);
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      mixer = (mixer + 0x9e3779b9) | 0;
      let z = mixer;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      words.push((z ^ (z >>> 16)) >>> 0);
    }
    // The all-zero state is the one fixed point of xoshiro; splitmix32 practically never yields it.
    if (!words.some((word) => word !== 0)) words[0] = 1;

    [this.#s0, this.#s1, this.#s2, this.#s3] = words as [number, number, number, number];
    this.#spareNormal = null;
  }

  /**
   * Returns a copy of the 128-bit state as four 32-bit unsigned integers.
   *
   * @returns The state words, to restore with {@link Generator.fromState}. A pending second
   *   Box-Muller normal is not part of the state.
   */
  getState(): number[] {
    return [this.#s0, this.#s1, this.#s2, this.#s3];
  }

  /**
   * Draws the next 32-bit unsigned integer.
   *
   * @returns An integer in `[0, 2^32)`.
   */
  nextUint32(): number {
    const s0 = this.#s0;
    const s1 = this.#s1;
    const s2 = this.#s2;
    const s3 = this.#s3;

    const scrambled = Math.imul(rotateLeft(Math.imul(s1, 5), 7), 9);
    const shifted = s1 << 9;

    const t2 = s2 ^ s0;
    const t3 = s3 ^ s1;
    this.#s1 = (s1 ^ t2) >>> 0;
    this.#s0 = (s0 ^ t3) >>> 0;
    this.#s2 = (t2 ^ shifted) >>> 0;
    this.#s3 = rotateLeft(t3, 11) >>> 0;

    return scrambled >>> 0;
  }

  /**
   * Draws a uniform float from two 32-bit outputs with 53 random bits.
   *
   * @returns A number in `[0, 1)`.
   */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) * twoPowMinus53;
  }

  /**
   * Draws a standard normal number (mean 0, standard deviation 1) by the Box-Muller transform.
   * Each pair of uniform draws yields two normals; the second is returned by the next call.
   *
   * @returns A finite number.
   */
  normal(): number {
    if (this.#spareNormal !== null) {
      const spare = this.#spareNormal;
      this.#spareNormal = null;
      return spare;
    }

    // 1 - u lies in (0, 1], so the logarithm stays finite.
    const radius = Math.sqrt(-2 * Math.log(1 - this.nextFloat()));
    const angle = 2 * Math.PI * this.nextFloat();
    this.#spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }
}

function rotateLeft(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}
