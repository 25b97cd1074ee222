import fc from 'fast-check';

import { countArbitrary, type CountRange } from './log-probs.js';

/** Constraints on the label vectors that {@link labelVectors} generates. */
export interface LabelConstraints {
  /** Number of labels (BT rows): a fixed count, or bounds. Default 1 to 4. */
  rows?: number | CountRange;
  /** Labels are integers in `[0, numClasses)`. Default 8. */
  numClasses?: number;
  /** Value that marks a row as ignored, as in PyTorch's `ignore_index`. Default -100. */
  ignoreIndex?: number;
  /** Chance, from 0 to 1, that a row is ignored; all-ignored vectors occur too. Default 0.25. */
  ignoredFraction?: number;
}

/**
 * Generates label vectors for losses with ignored rows: integers in `[0, numClasses)`, some
 * replaced by `ignoreIndex` (for example padding positions of a batch of sequences).
 *
 * @param constraints - Row count, number of classes, the ignore marker and how often it appears.
 * @returns A fast-check arbitrary of plain `number[]` label vectors.
 * @throws Error when a count or fraction is out of range, or `ignoreIndex` is a valid class.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { labelVectors } from '@fusegrad/testing';
 *
 * fc.assert(
 *   fc.property(labelVectors({ numClasses: 3 }), (labels) => labels.every((label) => label === -100 || (label >= 0 && label < 3))),
 *   { numRuns: 20 },
 * );
 * ```
 */
export function labelVectors(constraints: LabelConstraints = {}): fc.Arbitrary<number[]> {
  const rows = countArbitrary('labelVectors', 'rows', constraints.rows, 1, 4);
  const numClasses = constraints.numClasses ?? 8;
  const ignoreIndex = constraints.ignoreIndex ?? -100;
  const ignoredFraction = constraints.ignoredFraction ?? 0.25;
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new Error(`labelVectors: numClasses is ${numClasses}; pass a positive integer`);
  }
  if (!(ignoredFraction >= 0 && ignoredFraction <= 1)) {
    throw new Error(`labelVectors: ignoredFraction is ${ignoredFraction}; pass a number from 0 to 1`);
  }
  if (Number.isInteger(ignoreIndex) && ignoreIndex >= 0 && ignoreIndex < numClasses) {
    throw new Error(
      `labelVectors: ignoreIndex ${ignoreIndex} is a valid class in [0, ${numClasses}); pass a value outside that range, such as -100`,
    );
  }

  const label = fc
    .tuple(fc.integer({ min: 0, max: numClasses - 1 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }))
    .map(([value, draw]) => (draw < ignoredFraction ? ignoreIndex : value));
  return rows.chain((count) => fc.array(label, { minLength: count, maxLength: count }));
}
