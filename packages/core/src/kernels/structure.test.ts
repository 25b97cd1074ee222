import test from 'ava';

import { arange, kernels, ones, tensor, zeros } from '../index.js';

const { reshape, transpose, permute, slice, concat, broadcastTo, sumToShape } = kernels;

test('reshape with inferred dimension', (t) => {
  const x = arange(6);
  t.deepEqual(reshape(x, [-1, 3]).toArray(), [[0, 1, 2], [3, 4, 5]]);
  t.deepEqual(reshape(x, [3, -1]).shape, [3, 2]);
  t.deepEqual(reshape(x, [1, 6, 1]).shape, [1, 6, 1]);
  t.deepEqual(reshape(tensor([5]), []).shape, []);
  t.deepEqual(reshape(zeros([0, 4]), [-1, 2]).shape, [0, 2]);
  t.not(reshape(x, [6]).data, x.data);
});

test('reshape errors', (t) => {
  const x = arange(6);
  t.throws(() => reshape(x, [4, -1]), {
    message: 'reshape: cannot reshape tensor of shape [6] (6 elements) into [4,-1]: the other dimensions multiply to 4, which does not divide 6',
  });
  t.throws(() => reshape(x, [4, 2]), {
    message: 'reshape: cannot reshape tensor of shape [6] (6 elements) into [4,2] (8 elements); the element counts must match',
  });
  t.throws(() => reshape(x, [-1, -1]), { message: /reshape: shape \[-1,-1\] has more than one -1/ });
  t.throws(() => reshape(x, [2.5, 2]), { message: /reshape: shape \[2.5,2\] has invalid dimension 2.5 at axis 0/ });
});

test('transpose swaps last two axes', (t) => {
  t.deepEqual(transpose(tensor([[1, 2, 3], [4, 5, 6]])).toArray(), [[1, 4], [2, 5], [3, 6]]);
  const batch = reshape(arange(12), [2, 2, 3]);
  t.deepEqual(transpose(batch).toArray(), [[[0, 3], [1, 4], [2, 5]], [[6, 9], [7, 10], [8, 11]]]);
  t.throws(() => transpose(tensor([1, 2])), { message: /transpose: tensor of shape \[2\] has rank 1, expected at least 2/ });
});

test('permute reorders axes', (t) => {
  const x = reshape(arange(24), [2, 3, 4]);
  const y = permute(x, [2, 0, 1]);
  t.deepEqual(y.shape, [4, 2, 3]);
  // y[k][i][j] = x[i][j][k] = 12i + 4j + k
  for (let k = 0; k < 4; k++) {
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) t.is(y.data[k * 6 + i * 3 + j], 12 * i + 4 * j + k);
    }
  }
  t.deepEqual(permute(x, [-3, -2, -1]).toArray(), x.toArray());
});

test('permute rejects non-permutations', (t) => {
  const x = ones([2, 3]);
  t.throws(() => permute(x, [0, 0]), {
    message: 'permute: dims [0,0] is not a permutation of the 2 axes of a tensor of shape [2,3]; list each axis in [0, 1] once',
  });
  t.throws(() => permute(x, [0]), { message: /permute: dims \[0\] is not a permutation/ });
  t.throws(() => permute(x, [0, 2]), { message: /permute: dims \[0,2\] is not a permutation/ });
});

test('slice with tfjs semantics', (t) => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  t.deepEqual(slice(x, [0, 1], [-1, 2]).toArray(), [[2, 3], [5, 6]]);
  t.deepEqual(slice(x, [1, 0], [1, 3]).toArray(), [[4, 5, 6]]);
  t.deepEqual(slice(x, 1).toArray(), [[4, 5, 6]]);
  t.deepEqual(slice(x, [0, 2], [2, 0]).shape, [2, 0]);
  t.deepEqual(slice(reshape(arange(24), [2, 3, 4]), [1, 1, 1], [1, 2, 2]).toArray(), [[[17, 18], [21, 22]]]);
});

test('slice errors', (t) => {
  const x = ones([2, 3]);
  t.throws(() => slice(x, [1, 2], [2, 1]), {
    message: 'slice: begin 1 with size 2 is out of range for axis 0 of size 2 (shape [2,3]); need integers with 0 <= begin and begin + size <= 2',
  });
  t.throws(() => slice(x, [-1, 0]), { message: /slice: begin -1 with size -1 is out of range for axis 0/ });
  t.throws(() => slice(x, [0, 0, 0]), { message: /slice: begin \[0,0,0\] and size \[\] must have at most 2 entries/ });
});

test('concat along axes', (t) => {
  const a = tensor([[1, 2]]);
  const b = tensor([[3, 4], [5, 6]]);
  t.deepEqual(concat([a, b]).toArray(), [[1, 2], [3, 4], [5, 6]]);
  t.deepEqual(concat([tensor([[1], [2]]), b], 1).toArray(), [[1, 3, 4], [2, 5, 6]]);
  t.deepEqual(concat([b, b], -1).shape, [2, 4]);
  t.deepEqual(concat([a]).toArray(), [[1, 2]]);
  t.is(concat([a, tensor([[0, 0]], { dtype: 'float64' })]).dtype, 'float64');
});

test('concat errors', (t) => {
  t.throws(() => concat([]), { message: 'concat: expected a non-empty array of tensors' });
  t.throws(() => concat([ones([2, 3]), ones([2, 4])], 0), {
    message: 'concat: tensors[1] has shape [2,4] but tensors[0] has [2,3]; all dimensions except axis 0 must match',
  });
  t.throws(() => concat([ones([2]), ones([2, 1])], 0), { message: /concat: tensors\[1\] has shape \[2,1\]/ });
  t.throws(() => concat([ones([2])], 1), { message: /concat: axis 1 is out of range for a tensor of rank 1/ });
});

test('broadcastTo repeats values', (t) => {
  t.deepEqual(broadcastTo(tensor([1, 2]), [2, 2]).toArray(), [[1, 2], [1, 2]]);
  t.deepEqual(broadcastTo(tensor([[1], [2]]), [2, 2, 3]).toArray(), [
    [[1, 1, 1], [2, 2, 2]],
    [[1, 1, 1], [2, 2, 2]],
  ]);
  t.deepEqual(broadcastTo(tensor(7), [2]).toArray(), [7, 7]);
  t.throws(() => broadcastTo(ones([3]), [2, 2]), {
    message: 'broadcastTo: shape [3] does not broadcast to [2,2]; aligned at the last axis, each dimension must equal the target dimension or be 1',
  });
  t.throws(() => broadcastTo(ones([2, 2]), [2]), { message: /broadcastTo: shape \[2,2\] does not broadcast to \[2\]/ });
});

test('sumToShape reduces broadcast dims', (t) => {
  t.deepEqual(sumToShape(ones([3, 4]), [1, 4]).toArray(), [[3, 3, 3, 3]]);
  t.deepEqual(sumToShape(ones([3, 4]), [4]).toArray(), [3, 3, 3, 3]);
  t.deepEqual(sumToShape(ones([3, 4]), []).toArray(), 12);
  t.deepEqual(sumToShape(reshape(arange(6), [2, 3]), [2, 1]).toArray(), [[3], [12]]);
  t.deepEqual(sumToShape(ones([2, 3, 4]), [3, 1]).toArray(), [[8], [8], [8]]);
  t.deepEqual(sumToShape(ones([2, 3]), [2, 3]).toArray(), [[1, 1, 1], [1, 1, 1]]);
  t.throws(() => sumToShape(ones([3, 4]), [2, 4]), {
    message:
      'sumToShape: shape [2,4] does not broadcast to [3,4], so [3,4] cannot be summed down to it; aligned at the last axis, each target dimension must equal the source dimension or be 1',
  });
});
