import test from 'ava';
import fc from 'fast-check';

import { checkAgainstReference } from '../check.js';
import { makeJsdInputs } from '../inputs.js';
import { jsdReference } from '../reference.js';
import { loadJsdVectors } from '../test-support/vectors.js';
import { jsdLoop } from './loop.js';

test('jsdLoop matches the float64 reference', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 40 }),
      fc.constantFrom(0, 0.1, 0.5, 0.9, 1),
      fc.integer({ min: 0, max: 1000 }),
      (rows, columns, beta, seed) => {
        const inputs = makeJsdInputs(rows, columns, seed);
        const reference = jsdReference(inputs.studentLogProbs, inputs.teacherLogProbs, rows, beta);
        const result = checkAgainstReference(jsdLoop(inputs.studentLogProbs, inputs.teacherLogProbs, rows, beta), reference);
        return result.ok;
      },
    ),
  );
  t.pass();
});

test('jsdLoop passes the PyTorch vectors', (t) => {
  for (const vector of loadJsdVectors()) {
    const result = jsdLoop(vector.studentLogProbs, vector.teacherLogProbs, vector.shape[0], vector.beta);

    const lossError = Math.abs(result.loss - vector.expectedLoss);
    const lossOk = Number.isFinite(vector.expectedLoss) ? lossError <= 1e-6 + 1e-4 * Math.abs(vector.expectedLoss) : result.loss === vector.expectedLoss;
    t.true(lossOk, `${vector.name}: loss ${result.loss} vs ${vector.expectedLoss}`);

    const badIndex = vector.expectedGrad.findIndex((expected, i) =>
      Number.isFinite(expected)
        ? !(Math.abs(result.grad[i] - expected) <= vector.gradAtol32 + vector.gradRtol32 * Math.abs(expected))
        : result.grad[i] !== expected,
    );
    t.is(badIndex, -1, `${vector.name}: gradient element ${badIndex} is ${result.grad[badIndex]}, expected ${vector.expectedGrad[badIndex]}`);
  }
});
