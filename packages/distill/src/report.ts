import type { TaskName } from './options.js';

/** One row of the comparison table. */
export interface ModelSummary {
  /** Row label, such as `distilled student`. */
  readonly name: string;
  /** Layer sizes, such as `784-32-10`. */
  readonly architecture: string;
  /** Number of scalar parameters. */
  readonly parameters: number;
  /** Held-out top-1 accuracy in [0, 1]. */
  readonly accuracy: number;
  /** Held-out perplexity (exp of the mean negative log-likelihood). */
  readonly perplexity: number;
  /** Top-1 agreement with the teacher on the held-out split, in [0, 1]. */
  readonly agreement: number;
  /** Training time in seconds. */
  readonly wallSeconds: number;
  /** Peak bytes held by live tensors during training. */
  readonly peakTensorBytes: number;
}

/**
 * Formats the side-by-side comparison of the teacher and the two students as an aligned text table.
 *
 * The mnist table shows held-out accuracy; the brown table shows held-out perplexity and next-word accuracy.
 *
 * @param task - Selects the quality columns.
 * @param rows - One summary per model, in display order.
 * @returns The table, one line per model under a header, ending in a newline.
 * @example
 * ```ts
 * import { formatTable } from '@fusegrad/distill';
 *
 * const row = { name: 'teacher', architecture: '784-64-10', parameters: 50890, accuracy: 0.95, perplexity: 1.2,
 *   agreement: 1, wallSeconds: 12.5, peakTensorBytes: 3_000_000 };
 * console.log(formatTable('mnist', [row]));
 * ```
 */
export function formatTable(task: TaskName, rows: readonly ModelSummary[]): string {
  const qualityHeaders = task === 'brown' ? ['held-out perplexity', 'next-word accuracy'] : ['held-out accuracy'];
  const header = ['model', 'layers', 'parameters', ...qualityHeaders, 'agreement with teacher', 'wall time', 'peak tensor memory'];
  const body = rows.map((row) => {
    const quality =
      task === 'brown' ? [row.perplexity.toFixed(1), formatPercent(row.accuracy)] : [formatPercent(row.accuracy)];
    return [
      row.name,
      row.architecture,
      row.parameters.toLocaleString('en-US'),
      ...quality,
      formatPercent(row.agreement),
      `${row.wallSeconds.toFixed(1)} s`,
      formatBytes(row.peakTensorBytes),
    ];
  });

  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  // Text columns align left and numeric columns right, as in most printed tables.
  const render = (cells: readonly string[]) =>
    cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [render(header), rule, ...body.map(render)].join('\n') + '\n';
}

/**
 * Formats a fraction as a percentage with two decimals, such as `97.35%`.
 *
 * @param fraction - A value in [0, 1].
 * @returns The percentage text.
 * @example
 * ```ts
 * import { formatPercent } from '@fusegrad/distill';
 *
 * console.log(formatPercent(0.9735)); // "97.35%"
 * ```
 */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

/**
 * Formats a byte count with a binary unit, such as `1.5 MiB`.
 *
 * @param bytes - A non-negative number of bytes.
 * @returns The size text.
 * @example
 * ```ts
 * import { formatBytes } from '@fusegrad/distill';
 *
 * console.log(formatBytes(1536)); // "1.5 KiB"
 * ```
 */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
