import { formatShape, Tensor } from '@fusegrad/core';

/** The reduction of a loss's per-row (or per-element) values. */
export type Reduction = 'batchmean' | 'sum' | 'mean' | 'none';

/** One integer class label per row: a tensor `[rows]` or any array of numbers. */
export type Labels = Tensor | ArrayLike<number>;

/**
 * Checks that `input` and `target` are 2-D tensors `[rows, vocabSize]` of the same shape.
 *
 * @throws Error naming `caller`, the actual shapes and the fix
 */
export function checkPairShapes(caller: string, input: unknown, target: unknown, inputName: string, targetName: string): void {
  checkTensor(caller, input, inputName);
  checkTensor(caller, target, targetName);

  if (input.rank !== 2) {
    throw new Error(
      `${caller}: ${inputName} must be 2-D [rows, vocabSize], got shape ${formatShape(input.shape)}; ` +
        'reshape it so that each row is one token (for example x.reshape([-1, vocabSize]))',
    );
  }
  if (target.shape.length !== 2 || target.shape[0] !== input.shape[0] || target.shape[1] !== input.shape[1]) {
    throw new Error(
      `${caller}: ${targetName} has shape ${formatShape(target.shape)} but ${inputName} has shape ` +
        `${formatShape(input.shape)}; pass tensors of the same shape [rows, vocabSize]`,
    );
  }
}

/** Checks that `value` is a tensor. */
export function checkTensor(caller: string, value: unknown, name: string): asserts value is Tensor {
  if (!(value instanceof Tensor)) {
    throw new Error(`${caller}: ${name} must be a Tensor, got ${describe(value)}; wrap the values with tensor(values)`);
  }
}

/**
 * Throws when `values` contains NaN, naming the first position.
 *
 * @throws Error naming `caller`, the row and column, and the fix
 */
export function checkNoNaN(caller: string, values: ArrayLike<number>, vocabSize: number, name: string): void {
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    if (value !== value) {
      const row = Math.floor(index / vocabSize);
      throw new Error(
        `${caller}: ${name} contains NaN at [${row}, ${index - row * vocabSize}]; ` +
          'check the model output (a NaN usually comes from an overflow or a division by zero upstream)',
      );
    }
  }
}

/**
 * Reads one integer label per row and marks which rows count (label not equal to `ignoreIndex`).
 *
 * @returns the labels as numbers and one flag per row; every row counts when `labels` is undefined
 * @throws Error when the length differs from `rows`, or a label is not an integer
 */
export function countedRows(
  caller: string,
  labels: Labels | undefined,
  rows: number,
  ignoreIndex: number,
): { labels: Float64Array | null; counted: Uint8Array; rowsCounted: number } {
  if (!Number.isInteger(ignoreIndex)) {
    throw new Error(`${caller}: ignoreIndex must be an integer, got ${ignoreIndex}; the default is -100`);
  }

  const counted = new Uint8Array(rows).fill(1);
  if (labels === undefined) return { labels: null, counted, rowsCounted: rows };

  const values = labelValues(caller, labels);
  if (values.length !== rows) {
    throw new Error(
      `${caller}: labels has ${values.length} entries but the input has ${rows} rows; pass one label per row`,
    );
  }

  let rowsCounted = 0;
  for (let row = 0; row < rows; row++) {
    const label = values[row]!;
    if (!Number.isInteger(label)) {
      throw new Error(
        `${caller}: labels[${row}] is ${label}, not an integer; pass integer class indices (or ignoreIndex to skip a row)`,
      );
    }
    counted[row] = label === ignoreIndex ? 0 : 1;
    rowsCounted += counted[row]!;
  }
  return { labels: values, counted, rowsCounted };
}

function labelValues(caller: string, labels: Labels): Float64Array {
  if (labels instanceof Tensor) {
    if (labels.rank !== 1) {
      throw new Error(`${caller}: labels must be 1-D [rows], got shape ${formatShape(labels.shape)}; pass one label per row`);
    }
    return Float64Array.from(labels.data);
  }
  if (labels === null || typeof labels !== 'object' || typeof labels.length !== 'number') {
    throw new Error(`${caller}: labels must be a Tensor or an array of integers, got ${describe(labels)}`);
  }
  return Float64Array.from(labels);
}

/**
 * Checks a reduction name.
 *
 * @throws Error listing the valid names
 */
export function checkReduction(caller: string, reduction: unknown, valid: readonly Reduction[]): Reduction {
  if (typeof reduction === 'string' && (valid as readonly string[]).includes(reduction)) return reduction as Reduction;
  throw new Error(
    `${caller}: reduction must be one of ${valid.map((name) => `'${name}'`).join(', ')}, got ${describe(reduction)}`,
  );
}

/**
 * Computes the gradient scale of each row for a reduction: 0 for rows that do not count, and
 * 1 / divisor for the others. The divisor is the number of counted rows ('batchmean'), of counted
 * elements ('mean'), or 1 ('sum' and 'none').
 */
export function reductionWeights(
  counted: Uint8Array,
  rowsCounted: number,
  vocabSize: number,
  reduction: Reduction,
): { weights: Float64Array; divisor: number } {
  const divisor = reductionDivisor(rowsCounted, vocabSize, reduction);
  const weights = new Float64Array(counted.length);
  for (let row = 0; row < counted.length; row++) weights[row] = counted[row] ? 1 / divisor : 0;
  return { weights, divisor };
}

function reductionDivisor(rowsCounted: number, vocabSize: number, reduction: Reduction): number {
  // With no row counted the loss is 0, so any nonzero divisor gives the same result.
  if (reduction === 'batchmean') return Math.max(rowsCounted, 1);
  if (reduction === 'mean') return Math.max(rowsCounted * vocabSize, 1);
  return 1;
}

/** Describes a value for an error message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (value instanceof Tensor) return `a Tensor of shape ${formatShape(value.shape)}`;
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'object') return value.constructor?.name ?? 'an object';
  return String(value);
}
