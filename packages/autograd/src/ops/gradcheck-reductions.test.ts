import type { Tensor } from '@fusegrad/core';
import { gradcheckProperty, tensorArbitrary, type TensorConstraints } from '@fusegrad/testing';
import test, { type ExecutionContext } from 'ava';
import fc from 'fast-check';

import * as ops from '../index.js';

const runs = { numRuns: 25 };

type Reduction = (x: Tensor, axes: number | number[] | null, keepDims: boolean) => Tensor;

// Arguments of a reduction: a tensor, then null (all axes), one axis, or a subset of axes, and keepDims.
function reductionArguments(constraints: TensorConstraints = {}): fc.Arbitrary<[Tensor, number | number[] | null, boolean]> {
  return tensorArbitrary({ minRank: 1, ...constraints }).chain((x) => {
    const axes = Array.from({ length: x.rank }, (_, axis) => axis);
    const choice = fc.oneof(
      fc.constant(null),
      fc.integer({ min: -x.rank, max: x.rank - 1 }),
      fc.subarray(axes, { minLength: 1 }),
    );
    return fc.tuple(fc.constant(x), choice, fc.boolean());
  });
}

function assertReduction(t: ExecutionContext, reduction: Reduction, constraints: TensorConstraints = {}): void {
  const property = gradcheckProperty(reduction, reductionArguments(constraints), { wrt: [0] });
  t.notThrows(() => fc.assert(property, runs));
}

test('sum gradients', (t) => assertReduction(t, ops.sum));
test('mean gradients', (t) => assertReduction(t, ops.mean));
// Distinct values: with three tied maxima, central differences measure 1/2, not the 1/3 share.
test('max gradients', (t) => assertReduction(t, ops.max, { distinct: true, margin: 0.01 }));
test('min gradients', (t) => assertReduction(t, ops.min, { distinct: true, margin: 0.01 }));
test('logsumexp gradients', (t) => assertReduction(t, ops.logsumexp));

function axisArguments(): fc.Arbitrary<[Tensor, number]> {
  return tensorArbitrary({ minRank: 1 }).chain((x) => fc.tuple(fc.constant(x), fc.integer({ min: -x.rank, max: x.rank - 1 })));
}

test('softmax gradients', (t) => {
  t.notThrows(() => fc.assert(gradcheckProperty(ops.softmax, axisArguments(), { wrt: [0] }), runs));
});

test('logSoftmax gradients', (t) => {
  t.notThrows(() => fc.assert(gradcheckProperty(ops.logSoftmax, axisArguments(), { wrt: [0] }), runs));
});
