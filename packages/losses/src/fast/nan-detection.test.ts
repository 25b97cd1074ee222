import test from 'ava';
import fc from 'fast-check';

import type { FastBackend } from './block-runner.js';
import { FastPathNaNError } from './nan-error.js';
import { FastLossPool } from './pool.js';
import { fastTestBackends, randomLogProbs } from './test-support.js';

const rows = 9;
const vocabSize = 33;
const size = rows * vocabSize;

/** Lists the pools under test: each backend with workers, and in the calling thread. */
function poolSettings(): { backend: FastBackend; workers: number }[] {
  const settings: { backend: FastBackend; workers: number }[] = [];
  for (const backend of fastTestBackends()) {
    settings.push({ backend, workers: 0 });
    if (backend !== 'headlessgl') settings.push({ backend, workers: 2 });
  }
  return settings;
}

/** Finds the first NaN in row-major order, the first array first at a tie, as `checkNoNaN` reports it. */
function expectedNaN(first: Float32Array, second: Float32Array | null): { index: number; argument: number } | null {
  for (let index = 0; index < first.length; index++) {
    if (Number.isNaN(first[index])) return { index, argument: 0 };
    if (second !== null && Number.isNaN(second[index])) return { index, argument: 1 };
  }
  return null;
}

const nanPlacement = fc.record({
  inputPositions: fc.uniqueArray(fc.nat({ max: size - 1 }), { maxLength: 3 }),
  targetPositions: fc.uniqueArray(fc.nat({ max: size - 1 }), { maxLength: 3 }),
  ignoredRows: fc.uniqueArray(fc.nat({ max: rows - 1 }), { maxLength: 4 }),
  beta: fc.constantFrom(0, 0.5, 1, 0.25),
  convention: fc.constantFrom('klEndpoints' as const, 'mixture' as const),
});

for (const { backend, workers } of poolSettings()) {
  test(`pool ${backend} ${workers} workers JSD first NaN`, (t) => {
    const pool = new FastLossPool({ backend, workers });
    t.teardown(() => pool.close());
    const cleanInput = randomLogProbs(rows, vocabSize, 3);
    const cleanTarget = randomLogProbs(rows, vocabSize, 4);

    t.notThrows(() =>
      fc.assert(
        fc.property(nanPlacement, ({ inputPositions, targetPositions, ignoredRows, beta, convention }) => {
          const input = Float32Array.from(cleanInput);
          const target = Float32Array.from(cleanTarget);
          for (const position of inputPositions) input[position] = NaN;
          for (const position of targetPositions) target[position] = NaN;
          const rowWeights = new Float32Array(rows).fill(1 / rows);
          for (const row of ignoredRows) rowWeights[row] = 0;
          const expected = expectedNaN(input, target);

          let thrown: unknown = null;
          try {
            pool.jsd({ input, target, rows, vocabSize, beta, convention, rowWeights });
          } catch (error) {
            thrown = error;
          }

          if (expected === null) return thrown === null;
          return (
            thrown instanceof FastPathNaNError &&
            thrown.index === expected.index &&
            thrown.argument === (expected.argument === 0 ? 'input' : 'target')
          );
        }),
        { numRuns: 40, seed: 8 },
      ),
    );
  });

  test(`pool ${backend} ${workers} workers cross-entropy first NaN`, (t) => {
    const pool = new FastLossPool({ backend, workers });
    t.teardown(() => pool.close());
    const cleanLogits = randomLogProbs(rows, vocabSize, 5);
    const targets = Int32Array.from({ length: rows }, (_, r) => r % vocabSize);

    t.notThrows(() =>
      fc.assert(
        fc.property(
          fc.uniqueArray(fc.nat({ max: size - 1 }), { maxLength: 3 }),
          fc.uniqueArray(fc.nat({ max: rows - 1 }), { maxLength: 4 }),
          (positions, ignoredRows) => {
            const logits = Float32Array.from(cleanLogits);
            for (const position of positions) logits[position] = NaN;
            const rowWeights = new Float32Array(rows).fill(1);
            for (const row of ignoredRows) rowWeights[row] = 0;
            const expected = expectedNaN(logits, null);

            let thrown: unknown = null;
            try {
              pool.crossEntropy({ logits, targets, rows, vocabSize, rowWeights });
            } catch (error) {
              thrown = error;
            }

            if (expected === null) return thrown === null;
            return thrown instanceof FastPathNaNError && thrown.index === expected.index && thrown.argument === 'logits';
          },
        ),
        { numRuns: 40, seed: 9 },
      ),
    );
  });
}

test('pool NaN error message and recovery', (t) => {
  const pool = new FastLossPool({ backend: 'webasm', workers: 2 });
  t.teardown(() => pool.close());
  const input = randomLogProbs(rows, vocabSize, 6);
  const target = randomLogProbs(rows, vocabSize, 7);
  const broken = Float32Array.from(target);
  broken[7 * vocabSize + 5] = NaN;

  const error = t.throws(() => pool.jsd({ input, target: broken, rows, vocabSize }), { instanceOf: FastPathNaNError });
  t.is(error.message.split(';')[0], 'FastLossPool.jsd: target contains NaN at row 7, column 5');

  const result = pool.jsd({ input, target, rows, vocabSize });
  t.true(Number.isFinite(result.weightedLoss));
});

test('pool NaN in a later chunk', (t) => {
  // 40000 columns make six rows per kernel chunk, so each worker's block spans two chunks.
  const wideVocab = 40000;
  const wideRows = 20;
  const pool = new FastLossPool({ backend: 'webasm', workers: 2 });
  t.teardown(() => pool.close());
  const input = randomLogProbs(wideRows, wideVocab, 8, 2);
  const target = randomLogProbs(wideRows, wideVocab, 9, 2);
  const position = 8 * wideVocab + 39999;
  input[position] = NaN;
  input[position + wideVocab] = NaN;

  const error = t.throws(() => pool.jsd({ input, target, rows: wideRows, vocabSize: wideVocab }), { instanceOf: FastPathNaNError });
  t.is(error.index, position);
});

test('pool infinities without NaN input', (t) => {
  const pool = new FastLossPool({ backend: 'cpu', workers: 0 });
  t.teardown(() => pool.close());
  // Logits +Infinity and -Infinity in one row: their sum is NaN, but no input is.
  const logits = new Float32Array([Infinity, -Infinity, 0, 1, 2, 3]);
  const result = pool.crossEntropy({ logits, targets: [2, 0], rows: 2, vocabSize: 3 });
  t.true(Number.isNaN(result.rowLosses[0]));
  t.true(Number.isFinite(result.rowLosses[1]));
});
