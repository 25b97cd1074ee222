import { formatShape, getBackend, Tensor, type DType } from '@fusegrad/core';

import { fastLossPoolFor } from './fast/adapters.js';
import { FastPathNaNError } from './fast/nan-error.js';
import { findFirstNaN } from './find-first-nan.js';
import type { FastLossPool } from './fast/pool.js';

/** The reduction of a loss's per-row (or per-element) values. */
export type Reduction = 'batchmean' | 'sum' | 'mean' | 'none';

/** One integer class label per row: a tensor `[rows]` or any array of numbers. */
export type Labels = Tensor | ArrayLike<number>;

/**
 * Checks that `input` and `target` are 2-D tensors `[rows, vocabSize]` of the same shape, with
 * vocabSize at least 1. Zero rows are allowed: the losses treat them like a batch with no row counted.
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
  checkVocabSize(caller, input, inputName);
}

/**
 * Checks that the last dimension of `value`, the vocabulary (class) dimension, is at least 1.
 *
 * @throws Error naming `caller` and the shape
 */
export function checkVocabSize(caller: string, value: Tensor, name: string): void {
  if (value.rank > 0 && value.shape[value.rank - 1] === 0) {
    throw new Error(
      `${caller}: ${name} has shape ${formatShape(value.shape)}, so its vocabulary size (last dimension) is 0; ` +
        'a distribution needs at least one class, so pass a last dimension of at least 1',
    );
  }
}

/** Checks that `value` is a tensor. */
export function checkTensor(caller: string, value: unknown, name: string): asserts value is Tensor {
  if (!(value instanceof Tensor)) {
    throw new Error(`${caller}: ${name} must be a Tensor, got ${describe(value)}; wrap the values with tensor(values)`);
  }
}

/** A tensor's values and the parameter name that error messages use for them. */
export interface NamedValues {
  readonly name: string;
  readonly values: ArrayLike<number>;
}

/**
 * Throws when `first` or `second` contains NaN, naming the first position found. Both arrays have
 * the layout of `shape` and are read in one pass. Every element is checked, ignored rows included,
 * so that a model that produces NaN is reported whatever the labels are.
 *
 * @throws Error naming `caller`, the argument, the position, and the fix
 */
export function checkNoNaN(caller: string, shape: readonly number[], first: NamedValues, second?: NamedValues): void {
  const found = findFirstNaN(first.values, second?.values ?? null, 0, first.values.length);
  if (found !== null) throwNaN(caller, found.argument === 0 ? first.name : second!.name, shape, found.index);
}

/**
 * Returns the fast-path pool of the selected backend for a loss on `dtype` inputs, or null for
 * float64 inputs and the backends without one. The error of a backend that cannot run here (for
 * example headlessgl without a display) gets `caller` in front, so that it names the call.
 *
 * @throws Error naming `caller` and why the backend cannot run
 */
export function fastPoolForLoss(caller: string, dtype: DType): FastLossPool | null {
  if (dtype === 'float64') return null;
  try {
    return fastLossPoolFor(getBackend());
  } catch (error) {
    throw new Error(`${caller}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Runs `compute`, a fast-path call, and reports a NaN that its kernels found the way
 * {@link checkNoNaN} does. The fast path needs no scan before the call.
 *
 * @param caller - the public name in the message
 * @param shape - the inputs' shape, to turn the flat index into a position
 * @returns what `compute` returns
 * @throws Error naming `caller`, the argument and the position, or whatever else `compute` throws
 */
export function reportFastPathNaN<T>(caller: string, shape: readonly number[], compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof FastPathNaNError) throwNaN(caller, error.argument, shape, error.index);
    throw error;
  }
}

function throwNaN(caller: string, name: string, shape: readonly number[], index: number): never {
  const position = shape.length === 0 ? '' : ` at ${formatPosition(shape, index)}`;
  throw new Error(
    `${caller}: ${name} contains NaN${position}; ` +
      'check the model output (a NaN usually comes from an overflow or a division by zero upstream)',
  );
}

/** Formats the row-major position of flat `index` in `shape`, for example `[1, 2]`. */
export function formatPosition(shape: readonly number[], index: number): string {
  const coordinates = new Array<number>(shape.length);
  let remaining = index;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    coordinates[axis] = remaining % shape[axis]!;
    remaining = Math.floor(remaining / shape[axis]!);
  }
  return `[${coordinates.join(', ')}]`;
}

/**
 * Reads one integer label per row and marks which rows count (label not equal to `ignoreIndex`).
 *
 * @param name - the caller's public name of the labels argument, used in error messages
 * @returns the labels as numbers and one flag per row; every row counts when `labels` is undefined
 * @throws Error when the length differs from `rows`, or a label is not an integer
 */
export function countedRows(
  caller: string,
  labels: Labels | undefined,
  rows: number,
  ignoreIndex: number,
  name = 'labels',
): { labels: Float64Array | null; counted: Uint8Array; rowsCounted: number } {
  if (!Number.isInteger(ignoreIndex)) {
    throw new Error(`${caller}: ignoreIndex must be an integer, got ${ignoreIndex}; the default is -100`);
  }

  const counted = new Uint8Array(rows).fill(1);
  if (labels === undefined) return { labels: null, counted, rowsCounted: rows };

  const values = labelValues(caller, labels, name);
  if (values.length !== rows) {
    throw new Error(
      `${caller}: ${name} has ${values.length} entries but the input has ${rows} ${rows === 1 ? 'row' : 'rows'}; ` +
        'pass one label per row',
    );
  }

  let rowsCounted = 0;
  for (let row = 0; row < rows; row++) {
    const label = values[row]!;
    if (!Number.isInteger(label)) {
      throw new Error(
        `${caller}: ${name}[${row}] is ${label}, not an integer; pass integer class indices (or ignoreIndex to skip a row)`,
      );
    }
    counted[row] = label === ignoreIndex ? 0 : 1;
    rowsCounted += counted[row]!;
  }
  return { labels: values, counted, rowsCounted };
}

function labelValues(caller: string, labels: Labels, name: string): Float64Array {
  if (labels instanceof Tensor) {
    if (labels.rank !== 1) {
      throw new Error(`${caller}: ${name} must be 1-D [rows], got shape ${formatShape(labels.shape)}; pass one label per row`);
    }
    return Float64Array.from(labels.data);
  }
  if (labels === null || typeof labels !== 'object' || typeof labels.length !== 'number') {
    throw new Error(`${caller}: ${name} must be a Tensor or an array of integers, got ${describe(labels)}`);
  }
  return Float64Array.from(labels);
}

/**
 * Checks that every counted label is a class index in [0, vocabSize).
 *
 * @param name - the caller's public name of the labels argument, used in error messages
 * @throws Error naming `caller`, the first label out of range, and the fix
 */
export function checkClassRange(
  caller: string,
  labels: Float64Array,
  counted: Uint8Array,
  vocabSize: number,
  ignoreIndex: number,
  name: string,
): void {
  for (let row = 0; row < labels.length; row++) {
    if (counted[row] && (labels[row]! < 0 || labels[row]! >= vocabSize)) {
      throw new Error(
        `${caller}: ${name}[${row}] is ${labels[row]}, outside [0, ${vocabSize}); ` +
          `pass a class index below the vocabulary size, or ${ignoreIndex} (ignoreIndex) to skip the row`,
      );
    }
  }
}

/**
 * Checks that `options` is undefined or an object whose own keys are all in `valid`, so that a
 * misspelt option fails instead of being ignored. A key whose value is undefined still counts.
 *
 * @param valid - one entry per option name; typed as `Record<keyof Options, true>` at the call site
 *   so that the compiler keeps the list equal to the options interface
 * @throws Error naming `caller`, the unknown key, and the valid keys
 */
export function checkOptionKeys(caller: string, options: unknown, valid: Readonly<Record<string, true>>): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options) || options instanceof Tensor) {
    throw new Error(`${caller}: options must be an object such as { reduction: 'sum' }, got ${describe(options)}`);
  }

  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(valid, key)) {
      throw new Error(`${caller}: unknown option "${key}"; valid options are ${Object.keys(valid).join(', ')}`);
    }
  }
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
