import test from 'ava';
import fc from 'fast-check';

import { broadcastShapes, formatShape, normalizeAxes, normalizeAxis, shapeSize, shapesEqual, stridesOf } from '../index.js';

test('broadcastShapes follows NumPy', (t) => {
  t.deepEqual(broadcastShapes([3, 4], [4]), [3, 4]);
  t.deepEqual(broadcastShapes([3, 1, 5], [4, 1]), [3, 4, 5]);
  t.deepEqual(broadcastShapes([], [2, 3]), [2, 3]);
  t.deepEqual(broadcastShapes([1], [0]), [0]);
  t.deepEqual(broadcastShapes([2, 1], [1, 1, 3]), [1, 2, 3]);
});

test('broadcastShapes error names the axis', (t) => {
  t.throws(() => broadcastShapes([3, 4], [2, 4], 'add'), {
    message:
      'add: shapes [3,4] and [2,4] do not broadcast: dimension 0 is 3 vs 2; each pair of trailing dimensions must be equal or one of them 1',
  });
  t.throws(() => broadcastShapes([5, 3], [4]), { message: /broadcastShapes: shapes \[5,3\] and \[4\] do not broadcast: dimension 1 is 3 vs 4/ });
});

test('broadcastShapes is symmetric', (t) => {
  const dim = fc.constantFrom(1, 2, 3);
  fc.assert(
    fc.property(fc.array(dim, { maxLength: 4 }), fc.array(dim, { maxLength: 4 }), (a, b) => {
      let forward: number[] | string;
      let backward: number[] | string;
      try {
        forward = broadcastShapes(a, b);
      } catch {
        forward = 'error';
      }
      try {
        backward = broadcastShapes(b, a);
      } catch {
        backward = 'error';
      }
      return JSON.stringify(forward) === JSON.stringify(backward);
    }),
  );
  t.pass();
});

test('normalizeAxis wraps negatives', (t) => {
  t.is(normalizeAxis(-1, 3), 2);
  t.is(normalizeAxis(0, 1), 0);
  t.throws(() => normalizeAxis(3, 2, 'sum'), { message: 'sum: axis 3 is out of range for a tensor of rank 2; use an integer in [-2, 1]' });
  t.throws(() => normalizeAxis(-3, 2), { message: /axis -3 is out of range/ });
  t.throws(() => normalizeAxis(0.5, 2), { message: /axis 0.5 is out of range/ });
  t.throws(() => normalizeAxis(0, 0, 'softmax'), { message: 'softmax: axis 0 is out of range for a tensor of rank 0; a scalar has no axes' });
});

test('normalizeAxes sorts and rejects repeats', (t) => {
  t.deepEqual(normalizeAxes(null, 3), [0, 1, 2]);
  t.deepEqual(normalizeAxes(-1, 3), [2]);
  t.deepEqual(normalizeAxes([2, 0], 3), [0, 2]);
  t.deepEqual(normalizeAxes([], 3), []);
  t.throws(() => normalizeAxes([1, -2], 3, 'sum'), {
    message: 'sum: axes [1,-2] name axis 1 more than once for a tensor of rank 3; list each axis once',
  });
});

test('strides size and equality', (t) => {
  t.deepEqual(stridesOf([2, 3, 4]), [12, 4, 1]);
  t.deepEqual(stridesOf([]), []);
  t.is(shapeSize([2, 3, 4]), 24);
  t.is(shapeSize([]), 1);
  t.true(shapesEqual([1, 2], [1, 2]));
  t.false(shapesEqual([1, 2], [2]));
  t.false(shapesEqual([1, 2], [1, 3]));
  t.is(formatShape([]), '[]');
  t.is(formatShape([2, 3]), '[2,3]');
});
