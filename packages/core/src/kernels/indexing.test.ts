import test from 'ava';

import { kernels, ones, tensor, zeros } from '../index.js';

const { gather, scatterAdd, indexSelect, indexAdd, oneHot } = kernels;

test('gather picks along last axis', (t) => {
  const logProbs = tensor([[-1, -2, -3], [-4, -5, -6]]);
  t.deepEqual(gather(logProbs, tensor([[2], [0]])).toArray(), [[-3], [-4]]);
  t.deepEqual(gather(logProbs, tensor([[2, 1, 2], [0, 0, 1]])).toArray(), [[-3, -2, -3], [-4, -4, -5]]);
  t.deepEqual(gather(tensor([5, 6, 7]), tensor([2, 0])).toArray(), [7, 5]);
  t.deepEqual(gather(logProbs, zeros([2, 0])).shape, [2, 0]);
  t.is(gather(tensor([1], { dtype: 'float64' }), tensor([0])).dtype, 'float64');
  t.is(gather(tensor([1]), tensor([0], { dtype: 'float64' })).dtype, 'float32');
});

test('gather in rank 3', (t) => {
  const x = tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
  t.deepEqual(gather(x, tensor([[[1], [0]], [[0], [1]]])).toArray(), [[[2], [3]], [[5], [8]]]);
});

test('gather errors', (t) => {
  const x = ones([2, 3]);
  t.throws(() => gather(x, tensor([[3], [0]])), {
    message: 'gather: index 3 at position [0,0] is out of range for the last axis of x (size 3); indices must be integers in [0, 2]',
  });
  t.throws(() => gather(x, tensor([[0], [1.5]])), { message: /gather: index 1.5 at position \[1,0\] is out of range/ });
  t.throws(() => gather(x, tensor([[0], [-1]])), { message: /gather: index -1 at position \[1,0\]/ });
  t.throws(() => gather(x, tensor([[0, 1, 2]])), {
    message:
      "gather: indices of shape [1,3] do not fit x of shape [2,3]; indices need x's leading dimensions and any last one, that is [2,K]",
  });
  t.throws(() => gather(x, tensor([0, 1])), { message: /gather: indices of shape \[2\] do not fit x of shape \[2,3\]/ });
});

test('scatterAdd accumulates repeats', (t) => {
  t.deepEqual(scatterAdd([1, 3], tensor([[2, 0, 2]]), tensor([[1, 5, 1]])).toArray(), [[5, 0, 2]]);
  t.deepEqual(scatterAdd([2, 3], tensor([[2, 1], [0, 0]]), tensor([[1, 2], [3, 4]])).toArray(), [[0, 2, 1], [7, 0, 0]]);
  t.is(scatterAdd([1], tensor([0]), tensor([1], { dtype: 'float64' })).dtype, 'float64');
});

test('scatterAdd is the adjoint of gather', (t) => {
  // <gather(x, i), v> = <x, scatterAdd(shape, i, v)> for every x and v.
  const x = tensor([[0.5, -1, 2, 3], [4, 0.25, -6, 7]], { dtype: 'float64' });
  const indices = tensor([[3, 0, 3], [1, 1, 2]]);
  const values = tensor([[1, 2, 3], [-1, 0.5, 2]], { dtype: 'float64' });
  const left = kernels.sum(kernels.mul(gather(x, indices), values)).item();
  const right = kernels.sum(kernels.mul(x, scatterAdd(x.shape, indices, values))).item();
  t.is(left, right);
});

test('scatterAdd errors', (t) => {
  t.throws(() => scatterAdd([2, 3], tensor([[1], [0]]), tensor([[1, 1], [1, 1]])), {
    message: 'scatterAdd: values of shape [2,2] must have the shape of indices [2,1]',
  });
  t.throws(() => scatterAdd([2, 3], tensor([[5], [0]]), tensor([[1], [1]])), {
    message: /scatterAdd: index 5 at position \[0,0\] is out of range for the last axis of the output \(size 3\)/,
  });
  t.throws(() => scatterAdd([2, -3], tensor([[0], [0]]), tensor([[1], [1]])), { message: /scatterAdd: shape \[2,-3\] has invalid dimension/ });
});

test('indexSelect picks slices', (t) => {
  const table = tensor([[0, 0], [1, 1], [2, 2]]);
  t.deepEqual(indexSelect(table, tensor([2, 0, 2]), 0).toArray(), [[2, 2], [0, 0], [2, 2]]);
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  t.deepEqual(indexSelect(x, tensor([2, 0]), 1).toArray(), [[3, 1], [6, 4]]);
  t.deepEqual(indexSelect(x, tensor([1]), -1).toArray(), [[2], [5]]);
  t.deepEqual(indexSelect(x, tensor([]), 0).shape, [0, 3]);
});

test('indexSelect errors', (t) => {
  const x = ones([2, 3]);
  t.throws(() => indexSelect(x, tensor([[0]]), 0), {
    message: 'indexSelect: indices must be 1-D, got shape [1,1]; reshape them to [-1] first',
  });
  t.throws(() => indexSelect(x, tensor([2]), 0), {
    message: 'indexSelect: index 2 at position [0] is out of range for axis 0 of size 2; indices must be integers in [0, 1]',
  });
  t.throws(() => indexSelect(x, tensor([0]), 2), { message: /indexSelect: axis 2 is out of range for a tensor of rank 2/ });
});

test('indexAdd accumulates slices', (t) => {
  t.deepEqual(indexAdd([3, 2], tensor([2, 2]), tensor([[1, 1], [2, 2]]), 0).toArray(), [[0, 0], [0, 0], [3, 3]]);
  t.deepEqual(indexAdd([2, 3], tensor([0, 2]), tensor([[1, 2], [3, 4]]), 1).toArray(), [[1, 0, 2], [3, 0, 4]]);
});

test('indexAdd is the adjoint of indexSelect', (t) => {
  const x = tensor([[1, -2], [0.5, 4], [3, 0.25]], { dtype: 'float64' });
  const indices = tensor([2, 0, 2, 1]);
  const values = tensor([[1, 2], [3, 4], [-1, 0.5], [2, 2]], { dtype: 'float64' });
  const left = kernels.sum(kernels.mul(indexSelect(x, indices, 0), values)).item();
  const right = kernels.sum(kernels.mul(x, indexAdd(x.shape, indices, values, 0))).item();
  t.is(left, right);
});

test('indexAdd errors', (t) => {
  t.throws(() => indexAdd([3, 2], tensor([0, 1]), ones([3, 2]), 0), {
    message: 'indexAdd: values of shape [3,2] do not fit output shape [3,2] with 2 indices along axis 0; expected values of shape [2,2]',
  });
  t.throws(() => indexAdd([3, 2], tensor([3]), ones([1, 2]), 0), { message: /indexAdd: index 3 at position \[0\] is out of range for axis 0 of size 3/ });
});

test('oneHot encodes indices', (t) => {
  t.deepEqual(oneHot(tensor([2, 0]), 3).toArray(), [[0, 0, 1], [1, 0, 0]]);
  t.deepEqual(oneHot(tensor([[1], [0]]), 2).shape, [2, 1, 2]);
  t.deepEqual(oneHot(tensor(1), 2).toArray(), [0, 1]);
  t.throws(() => oneHot(tensor([3]), 3), {
    message: 'oneHot: index 3 at position [0] is out of range for depth 3; indices must be integers in [0, 2]',
  });
  t.throws(() => oneHot(tensor([0]), -1), { message: 'oneHot: depth must be a non-negative integer, got -1' });
});
