import { broadcastShapes, type Tensor } from '@fusegrad/core';
import test from 'ava';
import fc from 'fast-check';

import { broadcastableShapes, broadcastableTensors, labelVectors, logProbRows, shapeArbitrary, tensorArbitrary } from './index.js';

const sampleOptions = { numRuns: 200, seed: 42 };

test('shapes respect rank and dimension bounds', (t) => {
  const shapes = fc.sample(shapeArbitrary({ minRank: 1, maxRank: 2, minDim: 2, maxDim: 3 }), sampleOptions);

  t.true(shapes.every((shape) => shape.length >= 1 && shape.length <= 2));
  t.true(shapes.every((shape) => shape.every((dim) => dim >= 2 && dim <= 3)));
});

test('default shapes include scalars and size-1 dims', (t) => {
  const shapes = fc.sample(shapeArbitrary(), sampleOptions);

  t.true(shapes.some((shape) => shape.length === 0));
  t.true(shapes.some((shape) => shape.includes(1)));
});

test('broadcastable shapes broadcast', (t) => {
  const pairs = fc.sample(broadcastableShapes(), sampleOptions);

  t.true(pairs.every(([a, b]) => broadcastShapes(a, b).length === Math.max(a.length, b.length)));
  t.true(pairs.some(([a, b]) => a.length !== b.length));
  t.true(pairs.some(([a, b]) => a.some((dim, axis) => dim === 1 && b[b.length - a.length + axis]! > 1)));
});

test('tensors respect value bounds and dtype', (t) => {
  const tensors = fc.sample(tensorArbitrary({ min: -0.5, max: 2, dtype: 'float64', requiresGrad: true }), sampleOptions);

  t.true(tensors.every((x) => x.dtype === 'float64' && x.requiresGrad));
  t.true(tensors.every((x) => x.toFloat64Array().every((value) => value >= -0.5 && value <= 2)));
});

test('tensors avoid points by the margin', (t) => {
  const tensors = fc.sample(tensorArbitrary({ avoid: [0, 1], margin: 0.1 }), sampleOptions);
  const values = tensors.flatMap((x) => Array.from(x.toFloat64Array()));

  t.true(values.length > 0);
  t.true(values.every((value) => Math.abs(value) >= 0.1 - 1e-6 && Math.abs(value - 1) >= 0.1 - 1e-6));
});

test('distinct tensors have no close pairs', (t) => {
  const tensors = fc.sample(tensorArbitrary({ distinct: true, margin: 0.01, minRank: 1 }), sampleOptions);

  for (const x of tensors) {
    const sorted = Array.from(x.toFloat64Array()).sort((a, b) => a - b);
    const closest = Math.min(...sorted.slice(1).map((value, i) => value - sorted[i]!));
    t.true(sorted.length < 2 || closest >= 0.01 - 1e-6, `closest pair ${closest} in ${x}`);
  }
});

test('step tensors lie on the grid', (t) => {
  const tensors = fc.sample(tensorArbitrary({ step: 0.25, min: -1, max: 1 }), sampleOptions);
  const values = tensors.flatMap((x) => Array.from(x.toFloat64Array()));

  t.true(values.every((value) => Number.isInteger((value + 1) / 0.25)));
});

test('fixed shape overrides bounds', (t) => {
  const tensors = fc.sample(tensorArbitrary({ shape: [2, 3], maxRank: 1 }), { numRuns: 10, seed: 1 });
  t.true(tensors.every((x) => x.shape.join() === '2,3'));
});

test('broadcastable tensors share constraints', (t) => {
  const pairs = fc.sample(broadcastableTensors({ min: 1, max: 2 }), sampleOptions);

  t.true(pairs.every(([a, b]) => broadcastShapes(a.shape, b.shape).length >= 0));
  t.true(pairs.every(([a, b]) => [a, b].every((x: Tensor) => x.toFloat64Array().every((v) => v >= 1 && v <= 2))));
});

test('log-prob rows are distributions with exact zeros', (t) => {
  const tables = fc.sample(logProbRows({ rows: { min: 1, max: 3 }, vocabSize: 6 }), sampleOptions);

  let sawNegativeInfinity = false;
  let sawOneHot = false;
  for (const logProbs of tables) {
    t.is(logProbs.shape[1], 6);
    const values = logProbs.toFloat64Array();
    for (let row = 0; row < logProbs.shape[0]!; row++) {
      const entries = Array.from(values.slice(row * 6, row * 6 + 6));
      const total = entries.reduce((sum, value) => sum + Math.exp(value), 0);
      t.true(Math.abs(total - 1) < 1e-5, `row ${row} sums to ${total}`);
      t.true(entries.some(Number.isFinite));
      sawNegativeInfinity ||= entries.includes(-Infinity);
      sawOneHot ||= entries.filter(Number.isFinite).length === 1;
    }
  }
  t.true(sawNegativeInfinity);
  t.true(sawOneHot);
});

test('labels use classes and ignoreIndex', (t) => {
  const vectors = fc.sample(labelVectors({ rows: { min: 1, max: 3 }, numClasses: 5, ignoreIndex: -1 }), sampleOptions);
  const labels = vectors.flat();

  t.true(labels.every((label) => label === -1 || (Number.isInteger(label) && label >= 0 && label < 5)));
  t.true(labels.includes(-1));
  t.true(vectors.some((vector) => vector.every((label) => label === -1)));
  t.true(vectors.every((vector) => vector.length >= 1 && vector.length <= 3));
});

test('invalid constraints throw', (t) => {
  t.throws(() => shapeArbitrary({ minRank: 3, maxRank: 1 }), { message: /minRank 3 exceeds maxRank 1/ });
  t.throws(() => tensorArbitrary({ min: 2, max: 1 }), { message: /value range \[2, 1\] is invalid/ });
  t.throws(() => tensorArbitrary({ step: 0 }), { message: /step is 0/ });
  t.throws(() => logProbRows({ zeroProbability: 2 }), { message: /zeroProbability is 2/ });
  t.throws(() => labelVectors({ numClasses: 3, ignoreIndex: 1 }), { message: /ignoreIndex 1 is a valid class/ });
});
