import { inspect } from 'node:util';

import test from 'ava';

import { Tensor, tensor } from './index.js';

test('constructor takes ownership of storage', (t) => {
  const data = new Float32Array([1, 2, 3, 4, 5, 6]);
  const x = new Tensor(data, [2, 3]);
  t.is(x.data, data);
  t.is(x.dtype, 'float32');
  t.is(x.size, 6);
  t.is(x.rank, 2);
  t.false(x.requiresGrad);
  t.is(x.grad, null);
  t.is(x.gradFn, null);
  t.true(x.isLeaf);
});

test('constructor infers float64 from storage', (t) => {
  const x = new Tensor(new Float64Array([1, 2]), [2], { requiresGrad: true });
  t.is(x.dtype, 'float64');
  t.true(x.requiresGrad);
});

test('constructor copies and freezes shape', (t) => {
  const shape = [2, 2];
  const x = new Tensor(new Float32Array(4), shape);
  shape[0] = 7;
  t.deepEqual(x.shape, [2, 2]);
  t.true(Object.isFrozen(x.shape));
  t.throws(() => {
    (x.shape as number[])[0] = 3;
  });
});

test('constructor rejects mismatched length', (t) => {
  const error = t.throws(() => new Tensor(new Float32Array(5), [2, 3]));
  t.is(
    error?.message,
    'Tensor: data has 5 elements but shape [2,3] needs 6; pass a shape whose dimensions multiply to the data length',
  );
});

test('constructor rejects bad dimensions', (t) => {
  t.throws(() => new Tensor(new Float32Array(0), [-1]), { message: /invalid dimension -1 at axis 0/ });
  t.throws(() => new Tensor(new Float32Array(3), [1.5, 2]), { message: /invalid dimension 1.5 at axis 0/ });
  t.throws(() => new Tensor(new Float32Array(2), [2, Number.NaN]), { message: /invalid dimension NaN at axis 1/ });
});

test('constructor rejects plain arrays', (t) => {
  t.throws(() => new Tensor([1, 2] as unknown as Float32Array, [2]), {
    message: /Tensor: data must be a Float32Array or Float64Array, got an Array; use tensor\(values\)/,
  });
});

test('ids increase with allocation', (t) => {
  const a = tensor([1]);
  const b = tensor([2]);
  t.true(b.id > a.id);
});

test('scalar has rank 0 and size 1', (t) => {
  const x = tensor(4);
  t.deepEqual(x.shape, []);
  t.is(x.rank, 0);
  t.is(x.size, 1);
  t.is(x.item(), 4);
  t.is(x.toArray(), 4);
});

test('empty tensor has size 0', (t) => {
  const x = new Tensor(new Float32Array(0), [2, 0, 3]);
  t.is(x.size, 0);
  t.deepEqual(x.toArray(), [[], []]);
});

test('item rejects many elements', (t) => {
  t.throws(() => tensor([1, 2]).item(), {
    message: 'Tensor.item: tensor of shape [2] has 2 elements, expected 1; reduce it (for example with sum) or index one element first',
  });
});

test('copies are fresh and row-major', (t) => {
  const x = tensor([[1, 2], [3, 4]]);
  const f32 = x.toFloat32Array();
  const f64 = x.toFloat64Array();
  f32[0] = 100;
  f64[1] = 100;
  t.deepEqual(Array.from(x.data), [1, 2, 3, 4]);
  t.true(f32 instanceof Float32Array);
  t.true(f64 instanceof Float64Array);
  t.deepEqual(Array.from(f64), [1, 100, 3, 4]);
});

test('toArray nests by shape', (t) => {
  const x = tensor([1, 2, 3, 4, 5, 6], { shape: [2, 1, 3] });
  t.deepEqual(x.toArray(), [[[1, 2, 3]], [[4, 5, 6]]]);
});

test('dispose blocks reads and repeats safely', (t) => {
  const x = tensor([1, 2]);
  x.dispose();
  x.dispose();
  t.true(x.isDisposed);
  t.throws(() => x.data, { message: /Tensor.data: tensor \d+ of shape \[2\] was disposed/ });
  t.throws(() => x.item(), { message: /was disposed/ });
  t.throws(() => x.toArray(), { message: /was disposed/ });
  t.deepEqual(x.shape, [2]);
});

test('isLeaf follows gradFn', (t) => {
  const x = tensor([1]);
  x.gradFn = { name: 'Add' };
  t.false(x.isLeaf);
});

test('toString shows shape dtype values', (t) => {
  t.is(String(tensor([[1, 2], [3, 4]])), 'Tensor(shape=[2,2], dtype=float32, [[1, 2], [3, 4]])');
  t.is(String(tensor(0.5, { dtype: 'float64', requiresGrad: true })), 'Tensor(shape=[], dtype=float64, requiresGrad=true, 0.5)');
  t.is(String(tensor([-Infinity, Number.NaN])), 'Tensor(shape=[2], dtype=float32, [-Infinity, NaN])');
});

test('inspect uses toString', (t) => {
  t.is(inspect(tensor([1, 2])), 'Tensor(shape=[2], dtype=float32, [1, 2])');
});

test('toString elides long axes', (t) => {
  const x = tensor(Array.from({ length: 10 }, (_, i) => i));
  t.is(String(x), 'Tensor(shape=[10], dtype=float32, [0, 1, 2, ..., 7, 8, 9])');
  const disposed = tensor([1]);
  disposed.dispose();
  t.is(String(disposed), 'Tensor(shape=[1], dtype=float32, disposed)');
});
