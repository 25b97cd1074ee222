import { ones, type Tensor, tensor } from '@fusegrad/core';
import test from 'ava';

import { add, div, logSoftmax, logsumexp, matmul, max, mul, pow, slice, where } from '../index.js';

// Cases that produced wrong shapes or NaN gradients in other frameworks, with exact expected values.

test('batched matmul reduces grad to b', (t) => {
  const a = tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], { requiresGrad: true });
  const b = tensor([[9, 10], [11, 12]], { requiresGrad: true });

  matmul(a, b).sum().backward();

  t.deepEqual(b.grad?.shape, [2, 2]);
  t.deepEqual(b.grad?.toArray(), [[16, 16], [20, 20]]);
  t.deepEqual(a.grad?.toArray(), [[[19, 23], [19, 23]], [[19, 23], [19, 23]]]);
});

test('broadcast grad keeps [1,4] shape', (t) => {
  const big = ones([3, 4], { requiresGrad: true });
  const row = ones([1, 4], { requiresGrad: true });

  add(big, row).sum().backward();

  t.deepEqual(row.grad?.shape, [1, 4]);
  t.deepEqual(row.grad?.toArray(), [[3, 3, 3, 3]]);
  t.deepEqual(big.grad?.toArray(), [[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]]);
});

test('broadcast grad keeps [4] shape', (t) => {
  const big = ones([3, 4], { requiresGrad: true });
  const vector = ones([4], { requiresGrad: true });

  add(big, vector).sum().backward();

  t.deepEqual(vector.grad?.shape, [4]);
  t.deepEqual(vector.grad?.toArray(), [3, 3, 3, 3]);
});

test('max over size-1 axis keeps grad shape', (t) => {
  const x = ones([2, 1, 250], { requiresGrad: true });

  max(x, 1).sum().backward();

  t.deepEqual(x.grad?.shape, [2, 1, 250]);
  t.true(x.grad!.toFloat32Array().every((value) => value === 1));
});

test('max splits gradient among ties', (t) => {
  const x = tensor([[1, 3, 3], [2, 2, 2]], { requiresGrad: true });

  max(x, 1).sum().backward();

  const third = Math.fround(1 / 3);
  t.deepEqual(x.grad?.toArray(), [[0, 0.5, 0.5], [third, third, third]]);
});

test('logSoftmax at -inf has finite grad', (t) => {
  const x = tensor([0, -Infinity], { requiresGrad: true });
  const logProbs = logSoftmax(x);
  t.deepEqual(logProbs.toArray(), [0, -Infinity]);

  slice(logProbs, [0], [1]).sum().backward();

  t.deepEqual(x.grad?.toArray(), [0, 0]);
});

test('logSoftmax -inf slot gets upstream only', (t) => {
  const x = tensor([1, 0, -Infinity], { dtype: 'float64', requiresGrad: true });

  logSoftmax(x).backward([1, 0, 0]);

  const grad = x.grad!.toFloat64Array();
  const p0 = Math.E / (Math.E + 1);
  t.true(Math.abs(grad[0]! - (1 - p0)) < 1e-12);
  t.true(Math.abs(grad[1]! + (1 - p0)) < 1e-12);
  t.is(grad[2], 0);
});

test('logSoftmax -inf slot with full upstream', (t) => {
  const x = tensor([0, -Infinity], { requiresGrad: true });

  logSoftmax(x).sum().backward();

  t.deepEqual(x.grad?.toArray(), [-1, 1]);
});

test('logsumexp of all -inf row has zero grad', (t) => {
  const x = tensor([[-Infinity, -Infinity], [0, 0]], { requiresGrad: true });
  const result = logsumexp(x, 1);
  t.deepEqual(result.toArray(), [-Infinity, Math.fround(Math.LN2)]);

  result.backward([1, 1]);

  t.deepEqual(x.grad?.toArray(), [[0, 0], [0.5, 0.5]]);
});

test('where sends zero into unselected branch', (t) => {
  const x = tensor([1, -2, 3], { requiresGrad: true });
  const y = tensor([4, 5, 6], { requiresGrad: true });

  where(tensor([0, 0, 0]), div(x, 0), y).sum().backward();

  t.deepEqual(x.grad?.toArray(), [0, 0, 0]);
  t.deepEqual(y.grad?.toArray(), [1, 1, 1]);
});

test('where guards a division by zero', (t) => {
  const x = tensor([1, -2, 3], { requiresGrad: true });
  const divisor = tensor([0, 2, 0], { requiresGrad: true });
  const mask = tensor([0, 1, 0]);

  where(mask, div(x, divisor), 0).sum().backward();

  t.deepEqual(x.grad?.toArray(), [0, 0.5, 0]);
  t.deepEqual(divisor.grad?.toArray(), [0, 0.5, 0]);
});

test('pow grad at zero and negative bases', (t) => {
  const cases: [number, number, number][] = [
    // [x, exponent, d(x^exponent)/dx]
    [0, 2, 0],
    [0, 0, 0],
    [3, 0, 0],
    [-2, 0, 0],
    [-2, 3, 12],
    [0.5, 1, 1],
  ];
  for (const [value, exponent, expected] of cases) {
    const x = tensor([value], { requiresGrad: true });
    pow(x, exponent).sum().backward();
    t.is(x.grad?.item(), expected, `d(x^${exponent})/dx at ${value}`);
  }
});

test('pow exponent grad at zero base', (t) => {
  const x = tensor([0, 2], { requiresGrad: true });
  const exponent = tensor([2, 3], { requiresGrad: true });

  pow(x, exponent).sum().backward();

  t.deepEqual(exponent.grad?.toArray(), [0, Math.fround(8 * Math.LN2)]);
});

test('number operands keep the tensor dtype', (t) => {
  const x = tensor([1, 2], { requiresGrad: true });

  const y = mul(add(x, 2), [3, 4]);

  t.is(y.dtype, 'float32');
  t.deepEqual(y.toArray(), [9, 16]);
  y.sum().backward();
  t.deepEqual(x.grad?.toArray(), [3, 4]);
});

test('ops reject shapes that do not broadcast', (t) => {
  const error = t.throws(() => add(ones([3, 4]), ones([2, 4])));
  t.regex(error.message, /add: shapes \[3,4\] and \[2,4\] do not broadcast/);
});

test('methods match functions', (t) => {
  const x = tensor([[0.5, -1], [2, 0.25]], { requiresGrad: true });
  const viaMethods: Tensor = x.mul(2).exp().logSoftmax(-1).sum(1).mean();
  t.is(viaMethods.gradFn?.name, 'MeanFunction');
  t.true(Number.isFinite(viaMethods.item()));
});
