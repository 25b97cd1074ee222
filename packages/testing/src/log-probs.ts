import { type DType, type Tensor, tensor } from '@fusegrad/core';
import fc from 'fast-check';

/** Inclusive bounds of a count, such as a number of rows. */
export interface CountRange {
  /** Smallest count, at least 1. */
  min: number;
  /** Largest count. */
  max: number;
}

/** Constraints on the rows that {@link logProbRows} generates. */
export interface LogProbConstraints {
  /** Number of rows (BT): a fixed count, or bounds. Default 1 to 4. */
  rows?: number | CountRange;
  /** Number of classes per row (V): a fixed count, or bounds. Default 1 to 8. */
  vocabSize?: number | CountRange;
  /**
   * Chance, from 0 to 1, that an entry has probability exactly 0 (log-probability `-Infinity`).
   * Every row keeps at least one finite entry. Default 0.25.
   */
  zeroProbability?: number;
  /** Logits are drawn from `[-logitRange, logitRange]` before normalisation. Default 5. */
  logitRange?: number;
  /** Element type. Default `'float32'`. */
  dtype?: DType;
  /** Whether the generated tensors require gradients. Default `false`. */
  requiresGrad?: boolean;
}

/**
 * Generates `[rows, vocabSize]` tensors of log-probabilities: each row is the log-softmax of
 * random logits, with some entries exactly `-Infinity` (probability 0), including one-hot rows.
 * The normalisation runs in float64, so each row's probabilities sum to 1 up to the dtype's rounding.
 *
 * @param constraints - Row count, vocabulary size, the chance of exact zeros, dtype.
 * @returns A fast-check arbitrary of log-probability tensors.
 * @throws Error when a count or the zero probability is out of range.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { logProbRows } from '@fusegrad/testing';
 *
 * fc.assert(
 *   fc.property(logProbRows({ vocabSize: 5 }), (logProbs) => {
 *     const rowSums = logProbs.exp().sum(1).toFloat64Array();
 *     return rowSums.every((total) => Math.abs(total - 1) < 1e-5);
 *   }),
 *   { numRuns: 20 },
 * );
 * ```
 */
export function logProbRows(constraints: LogProbConstraints = {}): fc.Arbitrary<Tensor> {
  const rows = countArbitrary('logProbRows', 'rows', constraints.rows, 1, 4);
  const vocabSize = countArbitrary('logProbRows', 'vocabSize', constraints.vocabSize, 1, 8);
  const zeroProbability = constraints.zeroProbability ?? 0.25;
  if (!(zeroProbability >= 0 && zeroProbability <= 1)) {
    throw new Error(`logProbRows: zeroProbability is ${zeroProbability}; pass a number from 0 to 1`);
  }
  const logitRange = constraints.logitRange ?? 5;
  const dtype = constraints.dtype ?? 'float32';
  const requiresGrad = constraints.requiresGrad ?? false;

  // An entry is zeroed when its draw from [0, 1) falls below zeroProbability.
  const entry = fc.tuple(fc.double({ min: -logitRange, max: logitRange, noNaN: true }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }));
  return fc.tuple(rows, vocabSize).chain(([rowCount, classCount]) =>
    fc
      .array(fc.array(entry, { minLength: classCount, maxLength: classCount }), {
        minLength: rowCount,
        maxLength: rowCount,
      })
      .map((table) => {
        const values = table.flatMap((row) => normaliseRow(row, zeroProbability));
        return tensor(values, { shape: [rowCount, classCount], dtype, requiresGrad });
      }),
  );
}

function normaliseRow(row: readonly (readonly [number, number])[], zeroProbability: number): number[] {
  const logits = row.map(([logit, draw]) => (draw < zeroProbability ? -Infinity : logit));

  // Keep the largest logit finite, so the row is a distribution (possibly one-hot).
  if (logits.every((logit) => logit === -Infinity)) {
    let largest = 0;
    row.forEach(([logit], index) => {
      if (logit > row[largest]![0]) largest = index;
    });
    logits[largest] = row[largest]![0];
  }

  const peak = Math.max(...logits);
  let total = 0;
  for (const logit of logits) total += Math.exp(logit - peak);
  const logTotal = peak + Math.log(total);
  return logits.map((logit) => logit - logTotal);
}

/**
 * Turns a count or `{ min, max }` bounds into an integer arbitrary, checking the bounds.
 *
 * @internal
 */
export function countArbitrary(
  caller: string,
  name: string,
  value: number | CountRange | undefined,
  defaultMin: number,
  defaultMax: number,
): fc.Arbitrary<number> {
  const bounds = typeof value === 'number' ? { min: value, max: value } : (value ?? { min: defaultMin, max: defaultMax });
  if (!Number.isInteger(bounds.min) || !Number.isInteger(bounds.max) || bounds.min < 1 || bounds.min > bounds.max) {
    throw new Error(
      `${caller}: ${name} bounds [${bounds.min}, ${bounds.max}] are invalid; pass positive integers with min <= max`,
    );
  }
  return fc.integer(bounds);
}
