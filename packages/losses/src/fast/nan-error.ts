/**
 * The error a {@link FastLossPool} throws when an input contains NaN.
 */

/**
 * Thrown by {@link FastLossPool.jsd} and {@link FastLossPool.crossEntropy}
 * when an input contains NaN. The fast kernels find NaN while they run, not
 * in a separate pass before the call. This error carries the first position,
 * so that callers can report it in their own terms.
 *
 * @example
 * ```ts
 * import { FastLossPool, FastPathNaNError } from 'fusegrad';
 *
 * const pool = new FastLossPool({ backend: 'cpu', workers: 0 });
 * try {
 *   pool.crossEntropy({ logits: new Float32Array([0, NaN]), targets: [0], rows: 1, vocabSize: 2 });
 * } catch (error) {
 *   if (error instanceof FastPathNaNError) console.log(error.argument, error.index); // logits 1
 * }
 * await pool.close();
 * ```
 */
export class FastPathNaNError extends Error {
  /** The argument that contains the NaN, such as `'input'`, `'target'` or `'logits'`. */
  readonly argument: string;
  /** Flat row-major index of the first NaN: the lowest index in either argument, the first argument at a tie. */
  readonly index: number;

  /**
   * @param call - The method that found the NaN, for example `'FastLossPool.jsd'`.
   * @param argument - The argument that contains it.
   * @param index - Its flat index.
   * @param vocabSize - Row length, to name the row and column.
   */
  constructor(call: string, argument: string, index: number, vocabSize: number) {
    super(
      `${call}: ${argument} contains NaN at row ${Math.floor(index / vocabSize)}, column ${index % vocabSize}; ` +
        'check where the values come from (a NaN usually comes from an overflow or a division by zero upstream)',
    );
    this.name = 'FastPathNaNError';
    this.argument = argument;
    this.index = index;
  }
}
