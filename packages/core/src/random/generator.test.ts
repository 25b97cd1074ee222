import test from 'ava';
import fc from 'fast-check';

import { Generator, getDefaultGenerator, manualSeed, randn, uniform } from '../index.js';

test('xoshiro128** matches reference outputs', (t) => {
  // Outputs of the reference C implementation started from the state {1, 2, 3, 4}.
  const generator = Generator.fromState([1, 2, 3, 4]);
  const outputs = Array.from({ length: 6 }, () => generator.nextUint32());
  t.deepEqual(outputs, [11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
});

test('seed 42 gives fixed integers', (t) => {
  const generator = new Generator(42);
  const outputs = Array.from({ length: 4 }, () => generator.nextUint32());
  t.deepEqual(outputs, [2837322924, 544945897, 479756282, 3500138142]);
});

test('seed 42 gives fixed floats', (t) => {
  const generator = new Generator(42);
  t.is(generator.nextFloat(), 0.6606157208001621);
  t.is(generator.nextFloat(), 0.1117019639532224);
});

test('seed 42 gives fixed normals', (t) => {
  const generator = new Generator(42);
  t.is(generator.normal(), 1.1226591822802086);
  t.is(generator.normal(), 0.9491474351894811);
  t.is(generator.normal(), 0.40412785633822706);
});

test('large and negative seeds differ', (t) => {
  t.is(new Generator(-1).nextUint32(), 2466671647);
  t.is(new Generator(2 ** 32).nextUint32(), 1292791899);
  t.is(new Generator(0).nextUint32(), 3809008728);
});

test('seed rejects non-integers', (t) => {
  t.throws(() => new Generator(1.5), { message: 'Generator: seed must be a safe integer, got 1.5; pass a whole number' });
  t.throws(() => new Generator(Number.NaN), { message: /got NaN/ });
});

test('fromState rejects bad states', (t) => {
  t.throws(() => Generator.fromState([0, 0, 0, 0]), { message: /state \[0,0,0,0\] is invalid/ });
  t.throws(() => Generator.fromState([1, 2, 3]), { message: /expected four 32-bit unsigned integers/ });
  t.throws(() => Generator.fromState([1, 2, 3, 2 ** 32]), { message: /is invalid/ });
});

test('state round-trips', (t) => {
  const generator = new Generator(3);
  generator.nextUint32();
  const copy = Generator.fromState(generator.getState());
  t.deepEqual(
    Array.from({ length: 5 }, () => copy.nextUint32()),
    Array.from({ length: 5 }, () => generator.nextUint32()),
  );
});

test('uniform floats lie in [0, 1)', (t) => {
  fc.assert(
    fc.property(fc.integer(), (seed) => {
      const generator = new Generator(seed);
      for (let i = 0; i < 50; i++) {
        const value = generator.nextFloat();
        if (!(value >= 0 && value < 1)) return false;
      }
      return true;
    }),
  );
  t.pass();
});

test('normals have unit moments', (t) => {
  const generator = new Generator(11);
  const count = 20000;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < count; i++) {
    const value = generator.normal();
    sum += value;
    sumSquares += value * value;
  }
  const mean = sum / count;
  const variance = sumSquares / count - mean * mean;
  // Standard errors at n = 20000: about 0.007 for the mean and 0.01 for the variance.
  t.true(Math.abs(mean) < 0.03, `mean ${mean}`);
  t.true(Math.abs(variance - 1) < 0.05, `variance ${variance}`);
});

test('manualSeed repeats randn and uniform', (t) => {
  manualSeed(7);
  const first = [Array.from(randn([3], { dtype: 'float64' }).data), Array.from(uniform([2], -1, 1, { dtype: 'float64' }).data)];
  t.deepEqual(first, [
    [-0.6925843705222114, 0.23026798570072035, -1.2870249601100738],
    [0.6890668753463423, 0.13019431122311365],
  ]);
  manualSeed(7);
  const second = [Array.from(randn([3], { dtype: 'float64' }).data), Array.from(uniform([2], -1, 1, { dtype: 'float64' }).data)];
  t.deepEqual(second, first);
  t.is(manualSeed(7), getDefaultGenerator());
});
