import test from 'ava';

import { arange, kernels, ones, tensor, zeros } from '../index.js';
import { assertTensorClose } from '../_testing.test.js';

const { sum, mean, max, min, argmax, logsumexp, reshape } = kernels;

// x[i][j][k] = 12i + 4j + k, shape [2, 3, 4].
const cube = () => reshape(arange(24), [2, 3, 4]);

test('sum over one axis', (t) => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assertTensorClose(t, sum(x, 0), [5, 7, 9], { shape: [3] });
  assertTensorClose(t, sum(x, 1), [6, 15], { shape: [2] });
  assertTensorClose(t, sum(x, -1, true), [[6], [15]], { shape: [2, 1] });
});

test('sum over all axes', (t) => {
  const x = cube();
  const total = sum(x);
  t.deepEqual(total.shape, []);
  t.is(total.item(), 276);
  t.deepEqual(sum(x, null, true).shape, [1, 1, 1]);
});

test('sum over several axes', (t) => {
  const x = cube();
  assertTensorClose(t, sum(x, [0, 2]), [60, 92, 124], { shape: [3] });
  assertTensorClose(t, sum(x, [0, 1]), [60, 66, 72, 78], { shape: [4] });
  assertTensorClose(t, sum(x, [1, 2]), [66, 210], { shape: [2] });
  assertTensorClose(t, sum(x, [2, 0], true), [[[60], [92], [124]]], { shape: [1, 3, 1] });
});

test('sum over no axes copies', (t) => {
  const x = tensor([[1, 2]]);
  const y = sum(x, []);
  t.deepEqual(y.toArray(), [[1, 2]]);
  t.not(y.data, x.data);
});

test('sum of empty axis is zero', (t) => {
  assertTensorClose(t, sum(zeros([2, 0]), 1), [0, 0], { shape: [2] });
  t.is(sum(zeros([0])).item(), 0);
});

test('sum accumulates in float64', (t) => {
  // In float32 arithmetic 2^24 + 1 + 1 + ... stays 2^24; a float64 accumulator keeps every 1.
  const values = new Float32Array(1001).fill(1);
  values[0] = 2 ** 24;
  const total = sum(tensor(values, { dtype: 'float32' }));
  t.is(total.item(), 2 ** 24 + 1000);
});

test('sum axis errors', (t) => {
  t.throws(() => sum(ones([2, 3]), 2), { message: 'sum: axis 2 is out of range for a tensor of rank 2; use an integer in [-2, 1]' });
  t.throws(() => sum(ones([2, 3]), [0, -2]), { message: /sum: axes \[0,-2\] name axis 0 more than once/ });
});

test('mean over axes', (t) => {
  const x = cube();
  assertTensorClose(t, mean(x, -1), [[1.5, 5.5, 9.5], [13.5, 17.5, 21.5]], { shape: [2, 3] });
  t.is(mean(x).item(), 11.5);
  assertTensorClose(t, mean(x, [0, 2], true), [[[7.5], [11.5], [15.5]]], { shape: [1, 3, 1] });
  t.true(Number.isNaN(mean(zeros([0])).item()));
});

test('max min over axes', (t) => {
  const x = tensor([[3, -1, 7], [2, 8, -5]]);
  assertTensorClose(t, max(x, 1), [7, 8]);
  assertTensorClose(t, max(x, 0), [3, 8, 7]);
  assertTensorClose(t, min(x, 1), [-1, -5]);
  t.is(max(x).item(), 8);
  t.is(min(x).item(), -5);
  assertTensorClose(t, max(cube(), [0, 2], true), [[[15], [19], [23]]], { shape: [1, 3, 1] });
  t.deepEqual(max(ones([2, 1, 250]), 1).shape, [2, 250]);
});

test('max propagates NaN and handles infinities', (t) => {
  const x = tensor([[1, Number.NaN, 3], [-Infinity, -Infinity, -Infinity]]);
  const largest = max(x, 1);
  t.true(Number.isNaN(largest.data[0]));
  t.is(largest.data[1], -Infinity);
  t.true(Number.isNaN(min(x, 1).data[0]));
});

test('max rejects empty axis', (t) => {
  t.throws(() => max(zeros([2, 0]), 1), { message: /max: cannot reduce tensor of shape \[2,0\] over an axis of size 0/ });
  t.deepEqual(max(zeros([0, 3]), 1).shape, [0]);
});

test('argmax along axis and flattened', (t) => {
  const logits = tensor([[0.1, 2, -1], [3, 0, 3]]);
  t.deepEqual(argmax(logits, -1).toArray(), [1, 0]);
  t.deepEqual(argmax(logits, 0).toArray(), [1, 0, 1]);
  t.deepEqual(argmax(logits, 1, true).shape, [2, 1]);
  t.is(argmax(logits).item(), 3);
  t.deepEqual(argmax(logits, null, true).shape, [1, 1]);
  t.is(argmax(tensor([1, Number.NaN, 5])).item(), 1);
  t.throws(() => argmax(zeros([2, 0]), 1), { message: /argmax: cannot search tensor of shape \[2,0\] along an axis of size 0/ });
});

test('logsumexp is stable', (t) => {
  const x = tensor([[0, 0], [1000, 1000], [-1000, -1000]], { dtype: 'float64' });
  assertTensorClose(t, logsumexp(x, 1), [Math.LN2, 1000 + Math.LN2, -1000 + Math.LN2], { rtol: 1e-15, atol: 0 });
  assertTensorClose(t, logsumexp(x, 1, true), [[Math.LN2], [1000 + Math.LN2], [-1000 + Math.LN2]], { shape: [3, 1], rtol: 1e-15 });
});

test('logsumexp over several axes', (t) => {
  const x = cube();
  const expected = [0, 1].map((i) => {
    let total = 0;
    for (let value = 12 * i; value < 12 * i + 12; value++) total += Math.exp(value);
    return Math.log(total);
  });
  assertTensorClose(t, logsumexp(x, [1, 2]), expected, { rtol: 1e-6 });
});

test('logsumexp infinite rows', (t) => {
  const x = tensor([
    [0, -Infinity],
    [-Infinity, -Infinity],
    [Infinity, 1],
    [Number.NaN, 1],
  ]);
  const result = logsumexp(x, -1);
  t.is(result.data[0], 0);
  t.is(result.data[1], -Infinity);
  t.is(result.data[2], Infinity);
  t.true(Number.isNaN(result.data[3]));
  t.is(logsumexp(zeros([2, 0]), 1).data[0], -Infinity);
});

test('reductions keep dtype', (t) => {
  const x = tensor([[1, 2]], { dtype: 'float64' });
  for (const op of [sum, mean, max, min, logsumexp]) t.is(op(x, 1).dtype, 'float64');
  t.is(argmax(x, 1).dtype, 'float64');
});
