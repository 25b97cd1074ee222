import test from 'ava';

import { getSharedFastLossPool, measureFastPaths, pickFastPath } from './select.js';
import { randomLogProbs } from './test-support.js';

const small = { rows: 8, vocabSize: 256, repeats: 2 };

test('measureFastPaths ranks correct paths', async (t) => {
  const results = await measureFastPaths({
    ...small,
    candidates: [
      { backend: 'cpu', workers: 1 },
      { backend: 'webasm', workers: 2 },
      { backend: 'cpu', workers: -1 },
    ],
  });

  t.is(results.length, 3);
  const [first, second, failed] = results;
  t.true(first!.correct, `${first!.backend}: ${first!.error ?? `max error ${first!.maxError}`}`);
  t.true(second!.correct, `${second!.backend}: ${second!.error ?? `max error ${second!.maxError}`}`);
  t.true(first!.medianMs <= second!.medianMs);
  t.true(first!.firstCallMs > 0);
  t.false(failed!.correct);
  t.regex(failed!.error ?? '', /workers is -1/);
});

test('pickFastPath returns a correct path', async (t) => {
  const path = await pickFastPath({ ...small, candidates: [{ backend: 'webasm', workers: 1 }] });
  t.deepEqual(path, { backend: 'webasm', workers: 1 });
  const none = await pickFastPath({ ...small, candidates: [{ backend: 'cpu', workers: -1 }] });
  t.is(none, null);
});

test('getSharedFastLossPool keeps one pool', (t) => {
  const pool = getSharedFastLossPool();
  t.not(pool, null);
  t.is(getSharedFastLossPool(), pool);
  const logProbs = randomLogProbs(3, 50, 9);
  const result = pool!.jsd({ input: logProbs, target: logProbs, rows: 3, vocabSize: 50 });
  t.true(Math.abs(result.weightedLoss) < 1e-6);
});
