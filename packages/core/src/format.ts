import type { TypedArray } from './types.js';

const maxShownPerAxis = 6;

/**
 * Formats row-major values as nested brackets, showing the first and last few entries of long axes.
 *
 * @internal
 */
export function formatValues(data: TypedArray, shape: readonly number[]): string {
  if (shape.length === 0) return formatNumber(data[0]!);
  return formatAxis(data, shape, 0, 0);
}

function formatAxis(data: TypedArray, shape: readonly number[], axis: number, offset: number): string {
  const length = shape[axis]!;
  let stride = 1;
  for (let a = axis + 1; a < shape.length; a++) stride *= shape[a]!;

  const shownIndices: (number | null)[] = [];
  if (length <= maxShownPerAxis) {
    for (let i = 0; i < length; i++) shownIndices.push(i);
  } else {
    const half = maxShownPerAxis / 2;
    for (let i = 0; i < half; i++) shownIndices.push(i);
    shownIndices.push(null);
    for (let i = length - half; i < length; i++) shownIndices.push(i);
  }

  const isInnermost = axis === shape.length - 1;
  const parts = shownIndices.map((i) => {
    if (i === null) return '...';
    if (isInnermost) return formatNumber(data[offset + i]!);
    return formatAxis(data, shape, axis + 1, offset + i * stride);
  });
  return `[${parts.join(', ')}]`;
}

function formatNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  if (!Number.isFinite(value)) return String(value);
  return Number(value.toPrecision(6)).toString();
}
