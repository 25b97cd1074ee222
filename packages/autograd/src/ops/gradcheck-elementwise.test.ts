import { broadcastShapes, type Tensor, tensor } from '@fusegrad/core';
import {
  broadcastableShapes,
  broadcastableTensors,
  gradcheckProperty,
  tensorArbitrary,
  type TensorConstraints,
} from '@fusegrad/testing';
import test, { type ExecutionContext } from 'ava';
import fc from 'fast-check';

import * as ops from '../index.js';

const runs = { numRuns: 25 };

function assertGradients(
  t: ExecutionContext,
  fn: (...inputs: any[]) => Tensor,
  arbitraries: Parameters<typeof gradcheckProperty>[1],
  wrt?: readonly number[],
): void {
  t.notThrows(() => fc.assert(gradcheckProperty(fn, arbitraries, wrt === undefined ? {} : { wrt }), runs));
}

function unary(constraints: TensorConstraints = {}): fc.Arbitrary<Tensor>[] {
  return [tensorArbitrary(constraints)];
}

const pairs = broadcastableTensors();

test('add gradients', (t) => assertGradients(t, ops.add, pairs));
test('sub gradients', (t) => assertGradients(t, ops.sub, pairs));
test('mul gradients', (t) => assertGradients(t, ops.mul, pairs));
test('div gradients', (t) => assertGradients(t, ops.div, broadcastableTensors({ avoid: [0], margin: 0.5 })));
test('pow gradients', (t) => {
  const positiveBases = broadcastableShapes().chain(([baseShape, exponentShape]) =>
    fc.tuple(
      tensorArbitrary({ shape: baseShape, min: 0.5, max: 2.5 }),
      tensorArbitrary({ shape: exponentShape, min: -2, max: 2 }),
    ),
  );
  assertGradients(t, ops.pow, positiveBases);
});
test('pow integer exponent gradients', (t) => {
  assertGradients(t, (x: Tensor, exponent: number) => ops.pow(x, exponent), [tensorArbitrary(), fc.integer({ min: 0, max: 4 })]);
});
// Grid values are exactly tied or a step apart. At an exact tie, central differences give each
// side half, matching the even split; a near tie within eps would give neither.
const gridPairs = broadcastableTensors({ step: 0.25 });
test('maximum gradients', (t) => assertGradients(t, ops.maximum, gridPairs));
test('minimum gradients', (t) => assertGradients(t, ops.minimum, gridPairs));
test('where gradients', (t) => {
  const arguments_ = broadcastableShapes().chain(([shapeA, shapeB]) => {
    const common = broadcastShapes(shapeA, shapeB);
    const size = common.reduce((count, dim) => count * dim, 1);
    const mask = fc.array(fc.constantFrom(0, 1), { minLength: size, maxLength: size }).map((bits) => tensor(bits, { shape: common }));
    return fc.tuple(mask, tensorArbitrary({ shape: shapeA }), tensorArbitrary({ shape: shapeB }));
  });
  assertGradients(t, ops.where, arguments_, [1, 2]);
});

test('neg gradients', (t) => assertGradients(t, ops.neg, unary()));
test('exp gradients', (t) => assertGradients(t, ops.exp, unary()));
test('log gradients', (t) => assertGradients(t, ops.log, unary({ min: 0.2, max: 3 })));
test('log1p gradients', (t) => assertGradients(t, ops.log1p, unary({ min: -0.8, max: 3 })));
test('sqrt gradients', (t) => assertGradients(t, ops.sqrt, unary({ min: 0.2, max: 3 })));
test('abs gradients', (t) => assertGradients(t, ops.abs, unary({ avoid: [0] })));
test('sign gradients', (t) => assertGradients(t, ops.sign, unary({ avoid: [0] })));
test('relu gradients', (t) => assertGradients(t, ops.relu, unary({ avoid: [0] })));
test('tanh gradients', (t) => assertGradients(t, ops.tanh, unary()));
test('sigmoid gradients', (t) => assertGradients(t, ops.sigmoid, unary()));
test('gelu gradients', (t) => assertGradients(t, ops.gelu, unary()));
test('erf gradients', (t) => assertGradients(t, ops.erf, unary()));
test('clamp gradients', (t) => {
  assertGradients(t, (x: Tensor) => ops.clamp(x, -1, 1), unary({ avoid: [-1, 1] }));
  assertGradients(t, (x: Tensor) => ops.clamp(x, null, 0.5), unary({ avoid: [0.5] }));
});
test('cast gradients', (t) => assertGradients(t, (x: Tensor) => ops.cast(x, 'float64'), unary()));
test('clone gradients', (t) => assertGradients(t, ops.clone, unary()));
