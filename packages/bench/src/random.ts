/**
 * Seeded uniform random numbers for benchmark inputs, so every run and every worker process gets the same data.
 *
 * A SplitMix32-style generator: small and fast enough for hundreds of millions of draws, which the bench needs at
 * V = 131072. It is not core's `Generator` on purpose: the bench must generate inputs before it knows whether the
 * library under test works at all.
 *
 * @example
 * ```ts
 * import { UniformSource } from '@fusegrad/bench';
 *
 * const source = new UniformSource(7);
 * const draws = [source.next(), source.next(), source.next()];
 * console.log(draws.every((value) => value >= 0 && value < 1)); // true
 * console.log(new UniformSource(7).next() === draws[0]); // true: equal seeds give equal sequences
 * ```
 */
export class UniformSource {
  private state: number;

  /**
   * Creates a source from a seed.
   *
   * @param seed - Any integer; equal seeds give equal sequences.
   */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /**
   * Draws the next number, uniform in [0, 1).
   *
   * @returns A float64 in [0, 1) with 32 random bits.
   */
  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 4294967296;
  }
}
