import '@fusegrad/autograd';

import test from 'ava';

import { tensor } from '@fusegrad/core';
import { mul, sum } from '@fusegrad/autograd';

import { clipGradNorm } from './clip-grad-norm.js';
import { Parameter } from './module/parameter.js';

function withGrad(grad: number[]): Parameter {
  const param = new Parameter(tensor(new Float64Array(grad.length)));
  param.grad = tensor(new Float64Array(grad));
  return param;
}

test('clip scales to max norm', (t) => {
  const a = withGrad([3, 0]);
  const b = withGrad([0, 4]);
  const totalNorm = clipGradNorm([a, b], 1);

  // sqrt(3^2 + 4^2) = 5; coefficient = 1 / (5 + 1e-6)
  t.is(totalNorm, 5);
  const coefficient = 1 / (5 + 1e-6);
  t.deepEqual([...a.grad!.data], [3 * coefficient, 0]);
  t.deepEqual([...b.grad!.data], [0, 4 * coefficient]);
});

test('clip leaves small norms', (t) => {
  const a = withGrad([0.3, 0.4]);
  t.true(Math.abs(clipGradNorm([a], 1) - 0.5) < 1e-15);
  t.deepEqual([...a.grad!.data], [0.3, 0.4]);
});

test('clip with infinity norm', (t) => {
  const a = withGrad([1, -6]);
  const b = withGrad([2]);
  t.is(clipGradNorm([a, b], 3, { normType: Infinity }), 6);
  // coefficient = 3 / (6 + 1e-6)
  t.deepEqual([...a.grad!.data], [3 / (6 + 1e-6), -6 * (3 / (6 + 1e-6))]);
});

test('clip skips missing grads', (t) => {
  const a = withGrad([3, 4]);
  const b = new Parameter(tensor([1]));
  t.is(clipGradNorm([a, b], 10), 5);
  t.is(b.grad, null);
  t.is(clipGradNorm([b], 1), 0);
});

test('clip rejects non-finite norm', (t) => {
  const a = withGrad([Number.NaN, 1]);
  t.throws(() => clipGradNorm([a], 1, { errorIfNonfinite: true }), { message: /total norm of order 2 of the gradients is NaN/ });
  t.true(Number.isNaN(clipGradNorm([withGrad([Number.NaN])], 1)));
  t.throws(() => clipGradNorm([a], -1), { message: /maxNorm is -1/ });
});

test('clip copies recorded grad', (t) => {
  const param = new Parameter(tensor(new Float64Array([3, 4])));
  sum(mul(param, param)).backward(undefined, { createGraph: true });
  const recorded = param.grad!;
  t.not(recorded.gradFn, null);

  // d/dp sum(p^2) = 2p = [6, 8], norm 10
  t.is(clipGradNorm([param], 5), 10);
  t.not(param.grad, recorded);
  t.deepEqual([...recorded.data], [6, 8]);
  t.deepEqual([...param.grad!.data], [6 * (5 / (10 + 1e-6)), 8 * (5 / (10 + 1e-6))]);
});
