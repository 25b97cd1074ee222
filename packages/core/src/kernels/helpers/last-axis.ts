import { formatShape } from '../../shape/format-shape.js';

/**
 * Checks that `indexShape` has the same leading dimensions as `valueShape` (all but the last axis)
 * and that both have rank at least 1. Used by `gather` and `scatterAdd`.
 */
export function checkLastAxisShapes(
  operation: string,
  valueName: string,
  valueShape: readonly number[],
  indexShape: readonly number[],
): void {
  const rank = valueShape.length;
  const matches =
    rank >= 1 && indexShape.length === rank && indexShape.every((dim, axis) => axis === rank - 1 || dim === valueShape[axis]);
  if (!matches) {
    const leading = valueShape.slice(0, -1);
    throw new Error(
      `${operation}: indices of shape ${formatShape(indexShape)} do not fit ${valueName} of shape ` +
        `${formatShape(valueShape)}; indices need ${valueName}'s leading dimensions and any last one, ` +
        `that is [${[...leading, 'K'].join(',')}]`,
    );
  }
}
