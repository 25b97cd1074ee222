import test from 'ava';

import { tensor } from '../index.js';

test('tensor from nested arrays', (t) => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  t.deepEqual(x.shape, [2, 3]);
  t.is(x.dtype, 'float32');
  t.deepEqual(Array.from(x.data), [1, 2, 3, 4, 5, 6]);
});

test('tensor from flat array with shape', (t) => {
  const x = tensor([1, 2, 3, 4, 5, 6], { shape: [3, 2] });
  t.deepEqual(x.toArray(), [[1, 2], [3, 4], [5, 6]]);
});

test('tensor lays nested arrays out by shape', (t) => {
  t.deepEqual(tensor([[1, 2], [3, 4]], { shape: [4] }).toArray(), [1, 2, 3, 4]);
});

test('tensor from flat array without shape', (t) => {
  t.deepEqual(tensor([1, 2, 3]).shape, [3]);
  t.deepEqual(tensor([]).shape, [0]);
});

test('tensor from typed arrays copies', (t) => {
  const source = new Float32Array([1, 2, 3, 4]);
  const x = tensor(source, { shape: [2, 2] });
  source[0] = 99;
  t.is(x.data[0], 1);
  t.not(x.data, source);
  t.is(x.dtype, 'float32');
  const y = tensor(new Float64Array([0.1, 0.2]));
  t.is(y.dtype, 'float64');
  t.is(y.data[0], 0.1);
});

test('tensor from a number is a scalar', (t) => {
  const x = tensor(2.5, { requiresGrad: true });
  t.deepEqual(x.shape, []);
  t.true(x.requiresGrad);
  t.is(x.item(), 2.5);
});

test('tensor from a tensor copies it', (t) => {
  const source = tensor([[1, 2]], { dtype: 'float64' });
  const copy = tensor(source);
  t.not(copy.data, source.data);
  t.is(copy.dtype, 'float64');
  t.deepEqual(copy.shape, [1, 2]);
  t.deepEqual(tensor(source, { shape: [2] }).shape, [2]);
});

test('tensor dtype option converts', (t) => {
  const x = tensor([0.1], { dtype: 'float64' });
  t.is(x.data[0], 0.1);
  const y = tensor(new Float64Array([0.1]), { dtype: 'float32' });
  t.is(y.dtype, 'float32');
  t.is(y.data[0], Math.fround(0.1));
  t.throws(() => tensor([1], { dtype: 'int32' as 'float32' }), {
    message: "tensor: dtype must be 'float32' or 'float64', got int32",
  });
});

test('tensor keeps non-finite numbers', (t) => {
  const x = tensor([Number.NaN, -Infinity, Infinity]);
  t.true(Number.isNaN(x.data[0]));
  t.is(x.data[1], -Infinity);
  t.is(x.data[2], Infinity);
});

test('tensor rejects length mismatch', (t) => {
  t.throws(() => tensor([1, 2, 3], { shape: [2, 2] }), {
    message: 'tensor: got 3 values but shape [2,2] needs 4; pass a shape whose dimensions multiply to 3, such as [3]',
  });
});

test('tensor rejects bad dimensions', (t) => {
  t.throws(() => tensor([1, 2, 3, 4], { shape: [2.5, 2] }), {
    message: 'tensor: shape [2.5,2] has invalid dimension 2.5 at axis 0; each dimension must be a non-negative integer',
  });
  t.throws(() => tensor([], { shape: [-1] }), { message: /invalid dimension -1 at axis 0/ });
});

test('tensor rejects ragged arrays', (t) => {
  t.throws(() => tensor([[1, 2], [3]]), {
    message:
      'tensor: ragged nested array: the entry at index [1] has length 1, expected an array of length 2 to match shape [2,2]; give every row the same length',
  });
  t.throws(() => tensor([[1, 2], 3] as unknown as number[][]), { message: /entry at index \[1\] is the number 3/ });
  t.throws(() => tensor([1, [2]] as unknown as number[]), { message: /element at index \[1\] is an array of length 1/ });
});

test('tensor rejects non-numbers', (t) => {
  t.throws(() => tensor([[1, '2']] as unknown as number[][]), {
    message:
      'tensor: element at index [0][1] is the string "2", expected a number; nested arrays must be rectangular with shape [1,2] and contain only numbers',
  });
  t.throws(() => tensor([null] as unknown as number[]), { message: /element at index \[0\] is null/ });
  t.throws(() => tensor('abc' as unknown as number), { message: /values must be a number, nested arrays/ });
});
