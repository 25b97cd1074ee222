/**
 * Converts a possibly negative axis into an index in `[0, rank)`, where `-1` is the last axis.
 *
 * @param axis - Axis to normalise, in `[-rank, rank)`.
 * @param rank - Number of dimensions of the tensor.
 * @param operation - Name of the calling op, used in the error message. Default: `'normalizeAxis'`.
 * @returns The axis as a non-negative index.
 * @throws Error when `axis` is not an integer or lies outside `[-rank, rank)`.
 * @example
 * ```ts
 * import { normalizeAxis } from 'fusegrad';
 *
 * console.log(normalizeAxis(-1, 3)); // 2
 * ```
 */
export function normalizeAxis(axis: number, rank: number, operation = 'normalizeAxis'): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    const range = rank === 0 ? 'a scalar has no axes' : `use an integer in [${-rank}, ${rank - 1}]`;
    throw new Error(
      `${operation}: axis ${String(axis)} is out of range for a tensor of rank ${rank}; ${range}`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * Converts the axes argument of a reduction into sorted, non-negative, distinct axes.
 *
 * @param axes - One axis, a list of axes, or `null` (or `undefined`) for every axis.
 * @param rank - Number of dimensions of the tensor.
 * @param operation - Name of the calling op, used in the error message. Default: `'normalizeAxes'`.
 * @returns Axes in increasing order; every axis when `axes` is `null`.
 * @throws Error when an axis is out of range or appears twice.
 * @example
 * ```ts
 * import { normalizeAxes } from 'fusegrad';
 *
 * console.log(normalizeAxes([-1, 0], 3)); // [ 0, 2 ]
 * ```
 */
export function normalizeAxes(
  axes: number | readonly number[] | null | undefined,
  rank: number,
  operation = 'normalizeAxes',
): number[] {
  if (axes === null || axes === undefined) return Array.from({ length: rank }, (_, axis) => axis);

  const list = typeof axes === 'number' ? [axes] : [...axes];
  const normalized = list.map((axis) => normalizeAxis(axis, rank, operation));
  const seen = new Set<number>();
  for (let i = 0; i < normalized.length; i++) {
    if (seen.has(normalized[i]!)) {
      throw new Error(
        `${operation}: axes [${list.join(',')}] name axis ${normalized[i]} more than once ` +
          `for a tensor of rank ${rank}; list each axis once`,
      );
    }
    seen.add(normalized[i]!);
  }
  return normalized.sort((a, b) => a - b);
}
