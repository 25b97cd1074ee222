import test from 'ava';

import { kernels, ones, tensor, zeros } from '../index.js';
import { assertTensorClose } from '../_testing.test.js';

const { add, sub, mul, div, pow, maximum, minimum } = kernels;

test('binary ops same shape', (t) => {
  const a = tensor([1, 2, 3, 4]);
  const b = tensor([4, 3, 2, 1]);
  t.deepEqual(add(a, b).toArray(), [5, 5, 5, 5]);
  t.deepEqual(sub(a, b).toArray(), [-3, -1, 1, 3]);
  t.deepEqual(mul(a, b).toArray(), [4, 6, 6, 4]);
  t.deepEqual(div(a, b).toArray(), [0.25, 2 / 3, 1.5, 4].map(Math.fround));
  t.deepEqual(pow(a, b).toArray(), [1, 8, 9, 4]);
  t.deepEqual(maximum(a, b).toArray(), [4, 3, 3, 4]);
  t.deepEqual(minimum(a, b).toArray(), [1, 2, 2, 1]);
});

test('binary ops with numbers', (t) => {
  const x = tensor([[1, 2], [3, 4]]);
  t.deepEqual(add(x, 10).toArray(), [[11, 12], [13, 14]]);
  t.deepEqual(sub(10, x).toArray(), [[9, 8], [7, 6]]);
  t.deepEqual(div(1, tensor([2, 4])).toArray(), [0.5, 0.25]);
  t.deepEqual(pow(2, tensor([0, 3])).toArray(), [1, 8]);
  t.deepEqual(add(3, 4).shape, []);
  t.is(add(3, 4).item(), 7);
});

test('broadcast row and column', (t) => {
  const matrix = tensor([[1, 2, 3], [4, 5, 6]]);
  t.deepEqual(add(matrix, tensor([10, 20, 30])).toArray(), [[11, 22, 33], [14, 25, 36]]);
  t.deepEqual(add(matrix, tensor([[100], [200]])).toArray(), [[101, 102, 103], [204, 205, 206]]);
  t.deepEqual(mul(tensor([[1], [2]]), tensor([1, 10, 100])).toArray(), [[1, 10, 100], [2, 20, 200]]);
});

test('broadcast [3,4] with [1,4] and [4]', (t) => {
  const a = ones([3, 4]);
  const row = tensor([[1, 2, 3, 4]]);
  t.deepEqual(add(a, row).toArray(), [[2, 3, 4, 5], [2, 3, 4, 5], [2, 3, 4, 5]]);
  t.deepEqual(add(a, tensor([1, 2, 3, 4])).toArray(), [[2, 3, 4, 5], [2, 3, 4, 5], [2, 3, 4, 5]]);
  t.deepEqual(add(row, a).shape, [3, 4]);
});

test('broadcast across middle axes', (t) => {
  const a = tensor([1, 2, 3, 4, 5, 6], { shape: [2, 1, 3] });
  const b = tensor([10, 20], { shape: [2, 1] });
  assertTensorClose(
    t,
    add(a, b),
    [
      [[11, 12, 13], [21, 22, 23]],
      [[14, 15, 16], [24, 25, 26]],
    ],
    { shape: [2, 2, 3] },
  );
});

test('broadcast keeps size-one result dims', (t) => {
  const x = add(tensor([[5]]), tensor([1, 2, 3], { shape: [3, 1, 1] }));
  t.deepEqual(x.shape, [3, 1, 1]);
  t.deepEqual(Array.from(x.data), [6, 7, 8]);
});

test('broadcast with empty dimension', (t) => {
  const x = add(zeros([0, 3]), tensor([1, 2, 3]));
  t.deepEqual(x.shape, [0, 3]);
  t.is(x.size, 0);
});

test('broadcast error names shapes and axis', (t) => {
  t.throws(() => add(ones([3, 4]), ones([2, 4])), {
    message:
      'add: shapes [3,4] and [2,4] do not broadcast: dimension 0 is 3 vs 2; each pair of trailing dimensions must be equal or one of them 1',
  });
  t.throws(() => mul(ones([2, 3]), ones([2])), { message: /^mul: shapes \[2,3\] and \[2\] do not broadcast: dimension 1 is 3 vs 2/ });
});

test('binary ops reject non-tensors', (t) => {
  t.throws(() => add([1, 2] as unknown as number, 1), {
    message: 'add: a must be a Tensor, got an Array; create one with tensor(values)',
  });
  const disposed = tensor([1]);
  disposed.dispose();
  t.throws(() => sub(1, disposed), { message: /sub: b \(tensor \d+, shape \[1\]\) was disposed/ });
});

test('dtype promotes to float64', (t) => {
  const f32 = tensor([1]);
  const f64 = tensor([1], { dtype: 'float64' });
  t.is(add(f32, f32).dtype, 'float32');
  t.is(add(f32, f64).dtype, 'float64');
  t.is(add(f64, 1).dtype, 'float64');
  t.is(add(f32, 0.1).dtype, 'float32');
  t.is(add(f32, 0.1).data[0], Math.fround(1.1));
});

test('division follows IEEE 754', (t) => {
  const x = div(tensor([1, -1, 0]), 0);
  t.deepEqual(Array.from(x.data.slice(0, 2)), [Infinity, -Infinity]);
  t.true(Number.isNaN(x.data[2]));
});

test('pow special cases', (t) => {
  const x = pow(tensor([0, -8, 2, -2]), tensor([0, 1 / 3, -1, 3]));
  t.is(x.data[0], 1);
  t.true(Number.isNaN(x.data[1]));
  t.is(x.data[2], 0.5);
  t.is(x.data[3], -8);
});

test('maximum minimum propagate NaN', (t) => {
  t.true(Number.isNaN(maximum(tensor([Number.NaN]), 1).data[0]));
  t.true(Number.isNaN(maximum(1, tensor([Number.NaN])).data[0]));
  t.true(Number.isNaN(minimum(tensor([2]), Number.NaN).data[0]));
  t.deepEqual(maximum(tensor([-Infinity, 3]), 0).toArray(), [0, 3]);
});

test('comparisons return ones and zeros', (t) => {
  const a = tensor([1, 2, 3, Number.NaN]);
  const b = tensor([2, 2, 2, Number.NaN]);
  t.deepEqual(kernels.equal(a, b).toArray(), [0, 1, 0, 0]);
  t.deepEqual(kernels.notEqual(a, b).toArray(), [1, 0, 1, 1]);
  t.deepEqual(kernels.less(a, b).toArray(), [1, 0, 0, 0]);
  t.deepEqual(kernels.lessEqual(a, b).toArray(), [1, 1, 0, 0]);
  t.deepEqual(kernels.greater(a, b).toArray(), [0, 0, 1, 0]);
  t.deepEqual(kernels.greaterEqual(a, b).toArray(), [0, 1, 1, 0]);
  t.deepEqual(kernels.greater(tensor([[1], [3]]), tensor([0, 2, 4])).toArray(), [[1, 0, 0], [1, 1, 0]]);
});

test('where selects and broadcasts', (t) => {
  const mask = tensor([[1], [0]]);
  const x = kernels.where(mask, tensor([1, 2, 3]), tensor([-1, -2, -3]));
  t.deepEqual(x.toArray(), [[1, 2, 3], [-1, -2, -3]]);
  t.deepEqual(kernels.where(tensor([0, 1, 0]), 5, tensor([7])).toArray(), [7, 5, 7]);
});

test('where ignores the unselected NaN', (t) => {
  const x = tensor([0, 2]);
  const ratio = div(1, x);
  const safe = kernels.where(kernels.equal(x, 0), 0, ratio);
  t.deepEqual(safe.toArray(), [0, 0.5]);
});

test('where dtype ignores the mask', (t) => {
  const mask = tensor([1], { dtype: 'float64' });
  t.is(kernels.where(mask, tensor([1]), 0).dtype, 'float32');
  t.is(kernels.where(tensor([1]), tensor([1], { dtype: 'float64' }), 0).dtype, 'float64');
  t.throws(() => kernels.where(ones([3]), ones([2]), 0), { message: /^where: shapes \[3\] and \[2\] do not broadcast/ });
});

test('unary ops exact values', (t) => {
  const x = tensor([-2, -0.5, 0, 0.5, 2], { dtype: 'float64' });
  assertTensorClose(t, kernels.neg(x), [2, 0.5, -0, -0.5, -2]);
  assertTensorClose(t, kernels.exp(x), [-2, -0.5, 0, 0.5, 2].map(Math.exp), { rtol: 1e-15, atol: 0 });
  assertTensorClose(t, kernels.abs(x), [2, 0.5, 0, 0.5, 2]);
  assertTensorClose(t, kernels.sign(x), [-1, -1, 0, 1, 1]);
  assertTensorClose(t, kernels.relu(x), [0, 0, 0, 0.5, 2]);
  assertTensorClose(t, kernels.tanh(x), [-0.9640275800758169, -0.46211715726000974, 0, 0.46211715726000974, 0.9640275800758169], { rtol: 1e-15, atol: 0 });
  assertTensorClose(t, kernels.sigmoid(x), [0.11920292202211755, 0.3775406687981454, 0.5, 0.6224593312018546, 0.8807970779778823], { rtol: 1e-15, atol: 0 });
});

test('log sqrt log1p domains', (t) => {
  const x = tensor([0, 1, -1, 4], { dtype: 'float64' });
  t.deepEqual(Array.from(kernels.log(x).data.slice(0, 2)), [-Infinity, 0]);
  t.true(Number.isNaN(kernels.log(x).data[2]));
  t.deepEqual(Array.from(kernels.sqrt(x).data), [0, 1, Number.NaN, 2]);
  t.is(kernels.log1p(tensor([1e-10], { dtype: 'float64' })).data[0], 9.999999999500001e-11);
  t.is(kernels.log1p(tensor([-1])).data[0], -Infinity);
});

test('sigmoid saturates without NaN', (t) => {
  const x = kernels.sigmoid(tensor([-1000, 1000, -Infinity, Infinity]));
  t.deepEqual(x.toArray(), [0, 1, 0, 1]);
});

test('erf matches reference values', (t) => {
  // Reference values from Python's math.erf (C99 erf, correctly rounded to about 1 ulp).
  const x = tensor([-3, -1, -0.1, 0, 1e-8, 0.5, 1, 2, 2.5, 3.5, 6, 30], { dtype: 'float64' });
  assertTensorClose(
    t,
    kernels.erf(x),
    [
      -0.9999779095030014, -0.8427007929497149, -0.1124629160182849, 0, 1.1283791670955126e-8, 0.5204998778130465,
      0.8427007929497149, 0.9953222650189527, 0.999593047982555, 0.9999992569016276, 1, 1,
    ],
    { rtol: 2e-15, atol: 1e-16 },
  );
  t.true(Number.isNaN(kernels.erf(tensor([Number.NaN])).data[0]));
});

test('gelu is the exact erf form', (t) => {
  const x = tensor([-3, -1, 0, 0.5, 1, 3], { dtype: 'float64' });
  // 0.5 * x * (1 + erf(x / sqrt(2))) evaluated with Python's math.erf, as torch's default gelu defines it.
  assertTensorClose(
    t,
    kernels.gelu(x),
    [-0.00404969409489031, -0.15865525393145707, 0, 0.34573123063700656, 0.8413447460685429, 2.99595030590511],
    { rtol: 1e-14, atol: 1e-15 },
  );
  t.deepEqual(kernels.gelu(tensor([-Infinity, Infinity])).toArray(), [0, Infinity]);
});

test('clamp bounds and errors', (t) => {
  const x = tensor([-2, 0.5, 3, Number.NaN]);
  const clamped = kernels.clamp(x, 0, 1);
  t.deepEqual(Array.from(clamped.data.slice(0, 3)), [0, 0.5, 1]);
  t.true(Number.isNaN(clamped.data[3]));
  t.deepEqual(Array.from(kernels.clamp(x, null, 1).data.slice(0, 3)), [-2, 0.5, 1]);
  t.deepEqual(Array.from(kernels.clamp(x, 0).data.slice(0, 3)), [0, 0.5, 3]);
  t.throws(() => kernels.clamp(x, 2, 1), { message: 'clamp: min 2 is greater than max 1; pass min <= max' });
  t.throws(() => kernels.clamp(x, Number.NaN, 1), { message: /clamp: bounds must be numbers or null, got min NaN/ });
});

test('cast converts dtype with fresh storage', (t) => {
  const x = tensor([0.1], { dtype: 'float64' });
  const narrow = kernels.cast(x, 'float32');
  t.is(narrow.dtype, 'float32');
  t.is(narrow.data[0], Math.fround(0.1));
  const same = kernels.cast(x, 'float64');
  t.not(same.data, x.data);
  t.throws(() => kernels.cast(x, 'int32' as 'float32'), { message: "cast: dtype must be 'float32' or 'float64', got int32" });
});

test('unary ops keep shape and dtype', (t) => {
  const x = tensor([[1, 2]], { dtype: 'float64' });
  for (const op of [kernels.neg, kernels.exp, kernels.relu, kernels.gelu, kernels.erf, kernels.sigmoid]) {
    const y = op(x);
    t.deepEqual(y.shape, [1, 2]);
    t.is(y.dtype, 'float64');
  }
});
