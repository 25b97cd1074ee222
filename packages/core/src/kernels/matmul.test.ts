import test from 'ava';
import fc from 'fast-check';

import { Generator, kernels, ones, randn, tensor, zeros, type Tensor } from '../index.js';
import { assertTensorClose } from '../_testing.test.js';

const { matmul } = kernels;

/** Computes one batch-broadcast matrix product with plain loops, as the reference. */
function referenceMatmul(a: Tensor, b: Tensor): number[] {
  const [n, k] = a.shape.slice(-2) as [number, number];
  const m = b.shape[b.rank - 1]!;
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  const rank = Math.max(aBatch.length, bBatch.length);
  const batch = Array.from({ length: rank }, (_, axis) => {
    const dimA = aBatch[axis - rank + aBatch.length] ?? 1;
    const dimB = bBatch[axis - rank + bBatch.length] ?? 1;
    return Math.max(dimA, dimB);
  });
  const batchCount = batch.reduce((product, dim) => product * dim, 1);
  const offsetOf = (shape: readonly number[], flat: number): number => {
    let offset = 0;
    let stride = 1;
    let rest = flat;
    for (let axis = rank - 1; axis >= 0; axis--) {
      const index = rest % batch[axis]!;
      rest = Math.floor(rest / batch[axis]!);
      const dim = shape[axis - rank + shape.length] ?? 1;
      offset += (dim === 1 ? 0 : index) * stride;
      stride *= dim;
    }
    return offset;
  };

  const result: number[] = [];
  for (let batchIndex = 0; batchIndex < batchCount; batchIndex++) {
    const aStart = offsetOf(aBatch, batchIndex) * n * k;
    const bStart = offsetOf(bBatch, batchIndex) * k * m;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let total = 0;
        for (let p = 0; p < k; p++) total += a.data[aStart + i * k + p]! * b.data[bStart + p * m + j]!;
        result.push(total);
      }
    }
  }
  return result;
}

test('matmul 2-D exact', (t) => {
  const a = tensor([[1, 2, 3], [4, 5, 6]]);
  const b = tensor([[7, 8], [9, 10], [11, 12]]);
  assertTensorClose(t, matmul(a, b), [[58, 64], [139, 154]], { shape: [2, 2] });
});

test('matmul batched with broadcast right operand', (t) => {
  const a = tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
  const b = tensor([[9, 10], [11, 12]]);
  assertTensorClose(t, matmul(a, b), [[[31, 34], [71, 78]], [[111, 122], [151, 166]]], { shape: [2, 2, 2] });
});

test('matmul broadcasts batch dims both ways', (t) => {
  const generator = new Generator(1);
  const a = randn([2, 1, 3, 4], { generator, dtype: 'float64' });
  const b = randn([5, 4, 2], { generator, dtype: 'float64' });
  const result = matmul(a, b);
  t.deepEqual(result.shape, [2, 5, 3, 2]);
  assertTensorClose(t, result, referenceMatmul(a, b), { rtol: 1e-12, atol: 1e-12 });
});

test('matmul odd sizes use edge paths', (t) => {
  const generator = new Generator(2);
  for (const [n, k, m] of [[1, 1, 1], [3, 5, 7], [2, 3, 4], [5, 2, 9], [1, 7, 3]] as const) {
    const a = randn([n, k], { generator, dtype: 'float64' });
    const b = randn([k, m], { generator, dtype: 'float64' });
    assertTensorClose(t, matmul(a, b), referenceMatmul(a, b), { rtol: 1e-12, atol: 1e-12, shape: [n, m] });
  }
});

test('matmul accumulates in float64', (t) => {
  const a = tensor([[2 ** 24, 1, 1, 1]]);
  const b = ones([4, 1]);
  t.is(matmul(a, b).item(), 2 ** 24 + 4);
});

test('matmul empty dims', (t) => {
  t.deepEqual(matmul(zeros([2, 0]), zeros([0, 3])).toArray(), [[0, 0, 0], [0, 0, 0]]);
  t.deepEqual(matmul(zeros([0, 2]), zeros([2, 3])).shape, [0, 3]);
});

test('matmul dtype promotion', (t) => {
  t.is(matmul(ones([1, 1]), ones([1, 1], { dtype: 'float64' })).dtype, 'float64');
  t.is(matmul(ones([1, 1]), ones([1, 1])).dtype, 'float32');
});

test('matmul errors name shapes', (t) => {
  t.throws(() => matmul(ones([2, 3]), ones([4, 5])), {
    message:
      'matmul: inner dimensions differ: [2,3] x [4,5] (3 vs 4); the last dimension of a must equal the second-to-last of b',
  });
  t.throws(() => matmul(ones([3]), ones([3, 2])), {
    message: 'matmul: operands must have rank >= 2, got [3] x [3,2]; reshape a vector of length k to [1,k] (left) or [k,1] (right)',
  });
  t.throws(() => matmul(ones([2, 2, 3]), ones([3, 3, 4])), {
    message: /^matmul \(batch dimensions\): shapes \[2\] and \[3\] do not broadcast: dimension 0 is 2 vs 3/,
  });
});

test('matmul agrees with loops', (t) => {
  const dim = fc.integer({ min: 1, max: 6 });
  fc.assert(
    fc.property(dim, dim, dim, fc.constantFrom([], [1], [2], [3, 1]), fc.constantFrom([], [1], [2]), fc.integer(), (n, k, m, aBatch, bBatch, seed) => {
      const generator = new Generator(seed);
      const a = randn([...aBatch, n, k], { generator, dtype: 'float64' });
      const b = randn([...bBatch, k, m], { generator, dtype: 'float64' });
      const actual = matmul(a, b).data;
      const expected = referenceMatmul(a, b);
      return actual.length === expected.length && expected.every((value, i) => Math.abs(value - actual[i]!) < 1e-12);
    }),
    { numRuns: 100 },
  );
  t.pass();
});
