import test from 'ava';

import { jsdChunk } from './jsd-chunk.js';
import { FastLossPool } from './pool.js';
import { randomLogProbs } from './test-support.js';

test('jsdChunk chunks match one call', async (t) => {
  const rows = 10;
  const vocabSize = 33;
  const input = randomLogProbs(rows, vocabSize, 5);
  const target = randomLogProbs(rows, vocabSize, 6);
  const pool = new FastLossPool({ backend: 'webasm', workers: 2 });
  t.teardown(() => pool.close());
  const whole = pool.jsd({ input, target, rows, vocabSize, beta: 0.7 });
  const wholeGradient = Float32Array.from(whole.gradient);
  const wholeRowLosses = Float64Array.from(whole.rowLosses);

  const gradient = new Float32Array(new SharedArrayBuffer(4 * rows * vocabSize));
  const rowLosses = new Float64Array(rows);
  let loss = 0;
  for (const [start, end] of [[0, 4], [4, 9], [9, 10]] as const) {
    loss += jsdChunk(pool, {
      studentLogProbs: input.subarray(start * vocabSize, end * vocabSize),
      teacherLogProbs: target.subarray(start * vocabSize, end * vocabSize),
      rows: end - start,
      vocabSize,
      beta: 0.7,
      gradient: gradient.subarray(start * vocabSize, end * vocabSize),
      rowLosses: rowLosses.subarray(start, end),
    });
  }

  t.deepEqual(gradient, Float32Array.from(wholeGradient));
  t.deepEqual(rowLosses, wholeRowLosses);
  t.true(Math.abs(loss - whole.weightedLoss) <= 1e-12 * Math.abs(whole.weightedLoss));
});

test('jsdChunk rejects short rowLosses', (t) => {
  const pool = new FastLossPool({ backend: 'cpu', workers: 0 });
  t.teardown(() => pool.close());
  const logProbs = new Float32Array(4).fill(Math.log(0.25));
  t.throws(
    () =>
      jsdChunk(pool, {
        studentLogProbs: logProbs,
        teacherLogProbs: logProbs,
        rows: 1,
        vocabSize: 4,
        gradient: new Float32Array(4),
        rowLosses: new Float64Array(0),
      }),
    { message: /jsdChunk: rowLosses has 0 elements, expected 1/ },
  );
});
