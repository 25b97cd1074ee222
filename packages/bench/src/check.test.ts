import test from 'ava';

import { checkAgainstReference } from './check.js';
import { makeJsdInputs } from './inputs.js';
import { jsdReference } from './reference.js';

const inputs = makeJsdInputs(4, 32, 3);
const reference = jsdReference(inputs.studentLogProbs, inputs.teacherLogProbs, 4, 0.5);

test('check accepts the reference in float32', (t) => {
  const result = checkAgainstReference({ loss: Math.fround(reference.loss), grad: Float32Array.from(reference.grad) }, reference);
  t.true(result.ok, result.message);
  t.is(result.gradBadCount, 0);
});

test('check rejects one flipped gradient element', (t) => {
  const grad = Float32Array.from(reference.grad);
  grad[5] = -grad[5];
  const result = checkAgainstReference({ loss: reference.loss, grad }, reference);
  t.false(result.ok);
  t.is(result.gradBadCount, 1);
  t.regex(result.message, /1 of 128 gradient elements out of tolerance, first at index 5/);
});

test('check rejects NaN in the gradient', (t) => {
  const grad = Float32Array.from(reference.grad);
  grad[0] = Number.NaN;
  const result = checkAgainstReference({ loss: reference.loss, grad }, reference);
  t.false(result.ok);
  t.is(result.gradMaxAbsError, Infinity);
});

test('check rejects a loss 1% off', (t) => {
  const result = checkAgainstReference({ loss: reference.loss * 1.01, grad: Float32Array.from(reference.grad) }, reference);
  t.false(result.ok);
  t.regex(result.message, /^loss .*relative error 1\.00e-2/);
});

test('check rejects a gradient of the wrong length', (t) => {
  const result = checkAgainstReference({ loss: reference.loss, grad: new Float32Array(3) }, reference);
  t.false(result.ok);
  t.regex(result.message, /gradient has 3 elements, expected 128/);
});
