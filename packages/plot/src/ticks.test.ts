import test from 'ava';
import fc from 'fast-check';
import { logTicks, niceTicks } from './ticks.js';

const finiteRange = fc
  .tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }))
  .map(([low, width]) => [low, low + width] as const);

test('niceTicks covers the range', (t) => {
  fc.assert(
    fc.property(finiteRange, ([min, max]) => {
      const ticks = niceTicks(min, max);
      return ticks[0]! <= min && ticks[ticks.length - 1]! >= max;
    }),
  );
  t.pass();
});

test('niceTicks steps are even and round', (t) => {
  fc.assert(
    fc.property(finiteRange, ([min, max]) => {
      const ticks = niceTicks(min, max);
      const step = ticks[1]! - ticks[0]!;
      const power = 10 ** Math.floor(Math.log10(step));
      // Each tick is rounded to a double, so a difference of two ticks is exact only to a few ulps of the largest.
      const slack = 1e-6 * step + 8 * Number.EPSILON * Math.max(Math.abs(ticks[0]!), Math.abs(ticks[ticks.length - 1]!));
      const roundMantissa = [1, 2, 5, 10].some((m) => Math.abs(step - m * power) <= slack);
      const even = ticks.every((tick, i) => i === 0 || Math.abs(tick - ticks[i - 1]! - step) <= 1e-9 * Math.max(1, Math.abs(tick)));
      return roundMantissa && even && ticks.length >= 2 && ticks.length <= 14;
    }),
  );
  t.pass();
});

test('niceTicks unit interval', (t) => {
  t.deepEqual(niceTicks(0.13, 0.92), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  t.deepEqual(niceTicks(0, 0.3, 3), [0, 0.1, 0.2, 0.3]);
});

test('niceTicks widens a flat range', (t) => {
  const ticks = niceTicks(5, 5);
  t.true(ticks[0]! < 5);
  t.true(ticks[ticks.length - 1]! > 5);
});

test('niceTicks rejects bad ranges', (t) => {
  t.throws(() => niceTicks(2, 1), { message: /niceTicks: invalid range \[2, 1\]/ });
  t.throws(() => niceTicks(0, Number.NaN), { message: /finite/ });
  t.throws(() => niceTicks(0, 1, 0), { message: /targetCount is 0/ });
});

test('logTicks powers of ten', (t) => {
  t.deepEqual(logTicks(3, 4000), [1, 10, 100, 1000, 10000]);
});

test('logTicks adds multiples in one decade', (t) => {
  t.deepEqual(logTicks(2, 7), [1, 2, 5, 10]);
});

test('logTicks covers the range', (t) => {
  fc.assert(
    fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.double({ min: 1, max: 1e4, noNaN: true }), (min, factor) => {
      const ticks = logTicks(min, min * factor);
      return ticks[0]! <= min && ticks[ticks.length - 1]! >= min * factor;
    }),
  );
  t.pass();
});

test('logTicks rejects non-positive', (t) => {
  t.throws(() => logTicks(0, 10), { message: /logTicks: invalid range \[0, 10\].*0 < min/ });
});
