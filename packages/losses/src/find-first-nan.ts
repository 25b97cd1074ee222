/** The position of the first NaN that {@link findFirstNaN} found. */
export interface NaNPosition {
  /** Flat index of the NaN. */
  readonly index: number;
  /** The array that contains it: 0 for `first`, 1 for `second`. */
  readonly argument: 0 | 1;
}

/**
 * Finds the first flat index in [start, end) where `first` or `second` contains NaN, reading both
 * in one pass. At the same index `first` wins, so the order matches a row-major scan of `first`
 * then `second` element by element.
 *
 * @returns the position, or null when there is no NaN in the range
 */
export function findFirstNaN(first: ArrayLike<number>, second: ArrayLike<number> | null, start: number, end: number): NaNPosition | null {
  for (let index = start; index < end; index++) {
    if (first[index] !== first[index]) return { index, argument: 0 };
    if (second !== null && second[index] !== second[index]) return { index, argument: 1 };
  }
  return null;
}
