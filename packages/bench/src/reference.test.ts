import test from 'ava';

import { jsdReference } from './reference.js';
import { loadJsdVectors } from './test-support/vectors.js';

function close(actual: number, expected: number, rtol: number, atol: number): boolean {
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
}

test('jsdReference matches the PyTorch vectors', (t) => {
  const cases = loadJsdVectors();
  t.true(cases.length >= 30);

  for (const vector of cases) {
    const result = jsdReference(vector.studentLogProbs, vector.teacherLogProbs, vector.shape[0], vector.beta);
    t.true(close(result.loss, vector.expectedLoss, vector.rtol, vector.atol), `${vector.name}: loss ${result.loss} vs ${vector.expectedLoss}`);
    const badIndex = vector.expectedGrad.findIndex((expected, i) => !close(result.grad[i], expected, vector.rtol, vector.atol));
    t.is(badIndex, -1, `${vector.name}: gradient element ${badIndex} is ${result.grad[badIndex]}, expected ${vector.expectedGrad[badIndex]}`);
  }
});

test('jsdReference known values', (t) => {
  const student = Float32Array.from([Math.log(0.3), Math.log(0.7)]);
  const teacher = Float32Array.from([Math.log(0.6), Math.log(0.4)]);
  const expected = new Map([
    [0, 0.192042],
    [0.1, 0.0170996],
    [0.5, 0.0462008],
    [0.9, 0.016518],
    [1, 0.1837869],
  ]);
  for (const [beta, loss] of expected) {
    t.true(Math.abs(jsdReference(student, teacher, 1, beta).loss - loss) < 1e-6, `beta ${beta}`);
  }
});

test('jsdReference rejects bad arguments', (t) => {
  const values = new Float32Array(4);
  t.throws(() => jsdReference(values, new Float32Array(3), 1, 0.5), { message: /student has 4 elements but teacher has 3/ });
  t.throws(() => jsdReference(values, values, 3, 0.5), { message: /batchTokens 3 does not divide/ });
  t.throws(() => jsdReference(values, values, 2, 1.5), { message: /beta must be in \[0, 1\], got 1.5/ });
});
