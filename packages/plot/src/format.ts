/**
 * Formats a tick value as a short axis label: up to four significant digits, and exponent notation for very large
 * or very small magnitudes.
 *
 * @param value - The number to format.
 * @returns The label text, for example `"0.25"`, `"1200"`, `"1e-5"` or `"3.5e+6"`.
 * @example
 * ```ts
 * import { formatTick } from '@fusegrad/plot';
 *
 * console.log(formatTick(0.30000000000000004)); // "0.3"
 * ```
 */
export function formatTick(value: number): string {
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return String(value);

  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) {
    // toExponential keeps trailing zeros ("1.000e-5"): strip them from the mantissa.
    const [mantissa, exponent] = value.toExponential(3).split('e');
    return `${trimZeros(mantissa ?? '')}e${exponent}`;
  }
  return trimZeros(value.toPrecision(4));
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
