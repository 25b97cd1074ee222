import test from 'ava';

import { arange, eye, full, Generator, ones, onesLike, randn, tensor, uniform, zeros, zerosLike } from '../index.js';

test('zeros ones full fill values', (t) => {
  t.deepEqual(zeros([2, 2]).toArray(), [[0, 0], [0, 0]]);
  t.deepEqual(ones([3]).toArray(), [1, 1, 1]);
  t.deepEqual(full([2], -Infinity).toArray(), [-Infinity, -Infinity]);
  t.deepEqual(full([], 7).toArray(), 7);
  t.deepEqual(zeros([0, 3]).shape, [0, 3]);
});

test('creation options set dtype and requiresGrad', (t) => {
  const x = ones([2], { dtype: 'float64', requiresGrad: true });
  t.is(x.dtype, 'float64');
  t.true(x.requiresGrad);
  t.is(zeros([1]).dtype, 'float32');
  t.throws(() => zeros([1], { dtype: 'int8' as 'float32' }), { message: "zeros: dtype must be 'float32' or 'float64', got int8" });
});

test('creation rejects bad shapes', (t) => {
  t.throws(() => zeros([2, -3]), { message: /zeros: shape \[2,-3\] has invalid dimension -3 at axis 1/ });
  t.throws(() => ones([0.5]), { message: /ones: shape \[0.5\] has invalid dimension 0.5/ });
  t.throws(() => full([2], '1' as unknown as number), { message: 'full: value must be a number, got string' });
});

test('zerosLike onesLike follow the model', (t) => {
  const model = tensor([[1, 2, 3]], { dtype: 'float64' });
  const z = zerosLike(model);
  t.deepEqual(z.shape, [1, 3]);
  t.is(z.dtype, 'float64');
  t.deepEqual(onesLike(model, { dtype: 'float32' }).toArray(), [[1, 1, 1]]);
  t.is(onesLike(model, { dtype: 'float32' }).dtype, 'float32');
});

test('arange forms', (t) => {
  t.deepEqual(arange(4).toArray(), [0, 1, 2, 3]);
  t.deepEqual(arange(2, 5).toArray(), [2, 3, 4]);
  t.deepEqual(arange(1, 2, 0.25).toArray(), [1, 1.25, 1.5, 1.75]);
  t.deepEqual(arange(5, 0, -2).toArray(), [5, 3, 1]);
  t.deepEqual(arange(3, 1).toArray(), []);
  t.is(arange(3, { dtype: 'float64' }).dtype, 'float64');
  t.is(arange(0, 3, { requiresGrad: true }).requiresGrad, true);
});

test('arange rejects bad steps', (t) => {
  t.throws(() => arange(0, 1, 0), { message: 'arange: step must not be 0; pass a positive or negative step' });
  t.throws(() => arange(Infinity), { message: /arange: start, end and step must be finite numbers/ });
});

test('eye builds identities', (t) => {
  t.deepEqual(eye(2).toArray(), [[1, 0], [0, 1]]);
  t.deepEqual(eye(2, 3).toArray(), [[1, 0, 0], [0, 1, 0]]);
  t.deepEqual(eye(3, 1).toArray(), [[1], [0], [0]]);
  t.throws(() => eye(-1), { message: /eye: shape \[-1,-1\] has invalid dimension -1/ });
});

test('randn uses the given generator', (t) => {
  const a = randn([2, 3], { generator: new Generator(5), dtype: 'float64' });
  const b = randn([2, 3], { generator: new Generator(5), dtype: 'float64' });
  const reference = new Generator(5);
  t.deepEqual(Array.from(a.data), Array.from(b.data));
  t.is(a.data[0], reference.normal());
  t.is(a.data[1], reference.normal());
});

test('uniform respects bounds', (t) => {
  const x = uniform([1000], -0.5, 0.25, { generator: new Generator(9), dtype: 'float64' });
  const values = Array.from(x.data);
  t.true(values.every((value) => value >= -0.5 && value < 0.25));
  t.true(Math.min(...values) < -0.45);
  t.true(Math.max(...values) > 0.2);
  t.throws(() => uniform([2], 1, 0), { message: 'uniform: bounds [1, 0) are invalid; pass finite numbers with low <= high' });
});
