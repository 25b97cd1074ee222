import { type Tensor, tensor } from '@fusegrad/core';
import { logProbRows, tensorArbitrary } from '@fusegrad/testing';
import test from 'ava';
import fc from 'fast-check';

import { logSoftmax, matmul, softmax, sum } from '../index.js';

const runs = { numRuns: 30 };

function float64Leaf(x: Tensor): Tensor {
  return tensor(x.toFloat64Array(), { shape: x.shape, dtype: 'float64', requiresGrad: true });
}

test('grad of sum(softmax) is zero', (t) => {
  const logits = tensorArbitrary({ minRank: 1, min: -20, max: 20 });
  const property = fc.property(logits, fc.nat(), (x, axisSeed) => {
    const leaf = float64Leaf(x);
    const axis = axisSeed % leaf.rank;

    sum(softmax(leaf, axis)).backward();

    const largest = Math.max(...leaf.grad!.toFloat64Array().map(Math.abs));
    return largest < 1e-12;
  });
  t.notThrows(() => fc.assert(property, runs));
});

test('logSoftmax rows exponentiate to 1', (t) => {
  const logitRows = fc.oneof(
    tensorArbitrary({ minRank: 2, maxRank: 2, min: -60, max: 60 }),
    logProbRows({ vocabSize: { min: 1, max: 16 }, zeroProbability: 0.4 }),
  );
  const property = fc.property(logitRows, (logits) => {
    const probabilities = logSoftmax(logits, -1).exp().sum(-1).toFloat64Array();
    return probabilities.every((total) => Math.abs(total - 1) < 1e-5);
  });
  t.notThrows(() => fc.assert(property, runs));
});

test('backward is linear in gradOutput', (t) => {
  const inputs = fc
    .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }))
    .chain(([rows, inner, columns]) =>
      fc.tuple(
        tensorArbitrary({ shape: [rows, inner] }),
        tensorArbitrary({ shape: [inner, columns] }),
        tensorArbitrary({ shape: [rows, columns] }),
        tensorArbitrary({ shape: [rows, columns] }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
      ),
    );

  const property = fc.property(inputs, ([a, b, u, v, alpha, beta]) => {
    const gradientFor = (gradOutput: Tensor): Float64Array => {
      const leaf = float64Leaf(a);
      logSoftmax(matmul(leaf, b.cast('float64')), -1).backward(gradOutput.cast('float64'));
      return leaf.grad!.toFloat64Array();
    };

    const combined = gradientFor(u.mul(alpha).add(v.mul(beta)));
    const fromU = gradientFor(u);
    const fromV = gradientFor(v);

    return combined.every((value, i) => {
      const expected = alpha * fromU[i]! + beta * fromV[i]!;
      return Math.abs(value - expected) <= 1e-4 * (1 + Math.abs(expected));
    });
  });
  t.notThrows(() => fc.assert(property, runs));
});
