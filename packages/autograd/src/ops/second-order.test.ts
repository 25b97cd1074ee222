import { Tensor, tensor } from '@fusegrad/core';
import { gradcheckProperty, tensorArbitrary, type TensorConstraints } from '@fusegrad/testing';
import test, { type ExecutionContext } from 'ava';
import fc from 'fast-check';

import { backward, enableGrad } from '../index.js';
import * as ops from '../index.js';

const runs = { numRuns: 15 };

// The first derivative of sum(weights * op(x)), computed with createGraph so that gradcheck can
// differentiate it again. The fixed weights make every output element count differently.
function firstDerivative(op: (x: Tensor) => Tensor): (x: Tensor) => Tensor {
  return (x) =>
    enableGrad(() => {
      const leaf = x.requiresGrad ? x : new Tensor(x.toFloat64Array(), x.shape, { requiresGrad: true });
      const output = op(leaf);
      const weights = tensor(Array.from({ length: output.size }, (_, i) => Math.cos(i + 1)), {
        shape: output.shape,
        dtype: 'float64',
      });

      backward(output, weights, { createGraph: true });
      const gradient = leaf.grad!;
      leaf.grad = null;
      return gradient;
    });
}

function assertSecondOrder(t: ExecutionContext, op: (x: Tensor) => Tensor, constraints: TensorConstraints = {}): void {
  const property = gradcheckProperty(firstDerivative(op), [tensorArbitrary(constraints)]);
  t.notThrows(() => fc.assert(property, runs));
}

test('exp second derivative', (t) => assertSecondOrder(t, ops.exp));
test('log second derivative', (t) => assertSecondOrder(t, ops.log, { min: 0.3, max: 3 }));
test('sqrt second derivative', (t) => assertSecondOrder(t, ops.sqrt, { min: 0.3, max: 3 }));
test('tanh second derivative', (t) => assertSecondOrder(t, ops.tanh));
test('sigmoid second derivative', (t) => assertSecondOrder(t, ops.sigmoid));
test('gelu second derivative', (t) => assertSecondOrder(t, ops.gelu));
test('erf second derivative', (t) => assertSecondOrder(t, ops.erf));
test('pow second derivative', (t) => assertSecondOrder(t, (x) => ops.pow(x, 3)));
test('div second derivative', (t) => assertSecondOrder(t, (x) => ops.div(1, x), { avoid: [0], margin: 0.5 }));
test('mul second derivative', (t) => assertSecondOrder(t, (x) => ops.mul(x, x)));
test('softmax second derivative', (t) => assertSecondOrder(t, (x) => ops.softmax(x, -1), { minRank: 1 }));
test('logSoftmax second derivative', (t) => assertSecondOrder(t, (x) => ops.logSoftmax(x, -1), { minRank: 1 }));
test('logsumexp second derivative', (t) => assertSecondOrder(t, (x) => ops.logsumexp(x, -1), { minRank: 1 }));
test('matmul second derivative', (t) => {
  assertSecondOrder(t, (x) => ops.matmul(x, ops.transpose(x)), { minRank: 2, maxRank: 3 });
});
