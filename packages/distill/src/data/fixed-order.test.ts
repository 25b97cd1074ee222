import test from 'ava';
import fc from 'fast-check';
import { fixedOrder } from './fixed-order.js';

test('fixedOrder is a permutation', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 500 }), fc.integer(), (count, salt) => {
      const sorted = [...fixedOrder(count, salt)].sort((a, b) => a - b);
      return sorted.every((value, index) => value === index) && sorted.length === count;
    }),
  );
  t.pass();
});

test('fixedOrder repeats per salt', (t) => {
  t.deepEqual(fixedOrder(100, 3), fixedOrder(100, 3));
  t.notDeepEqual(fixedOrder(100, 3), fixedOrder(100, 4));
});

test('fixedOrder shuffles', (t) => {
  const order = fixedOrder(1000, 1);
  const unmoved = order.filter((value, index) => value === index).length;
  t.true(unmoved < 20, `${unmoved} of 1000 indices stayed in place`);
});

test('fixedOrder rejects bad count', (t) => {
  t.throws(() => fixedOrder(-1, 0), { message: /fixedOrder: count is -1/ });
  t.throws(() => fixedOrder(1.5, 0), { message: /count is 1.5/ });
});
