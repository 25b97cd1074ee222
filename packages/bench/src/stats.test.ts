import test from 'ava';

import { summarizeTimes } from './stats.js';

test('summarizeTimes percentiles', (t) => {
  const summary = summarizeTimes([50, 10, 40, 20, 30]);
  t.is(summary.median, 30);
  t.is(summary.p20, 18);
  t.is(summary.p80, 42);
  t.is(summary.min, 10);
  t.deepEqual(summary.samples, [50, 10, 40, 20, 30]);
});

test('summarizeTimes one sample', (t) => {
  const summary = summarizeTimes([7]);
  t.is(summary.median, 7);
  t.is(summary.p20, 7);
});

test('summarizeTimes rejects no samples', (t) => {
  t.throws(() => summarizeTimes([]), { message: /no samples/ });
});
