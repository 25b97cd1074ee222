import { broadcastShapes, type Tensor, tensor } from '@fusegrad/core';
import { broadcastableShapes, gradcheckProperty, shapeArbitrary, tensorArbitrary } from '@fusegrad/testing';
import test, { type ExecutionContext } from 'ava';
import fc from 'fast-check';

import * as ops from '../index.js';

const runs = { numRuns: 25 };

function assertGradients(
  t: ExecutionContext,
  fn: (...inputs: any[]) => Tensor,
  argumentLists: fc.Arbitrary<readonly unknown[]>,
  wrt?: readonly number[],
): void {
  t.notThrows(() => fc.assert(gradcheckProperty(fn, argumentLists, wrt === undefined ? {} : { wrt }), runs));
}

function integerTensor(shape: readonly number[], below: number): fc.Arbitrary<Tensor> {
  const size = shape.reduce((count, dim) => count * dim, 1);
  return fc
    .array(fc.integer({ min: 0, max: below - 1 }), { minLength: size, maxLength: size })
    .map((values) => tensor(values, { shape }));
}

test('matmul gradients with broadcast batch', (t) => {
  const arguments_ = fc
    .tuple(broadcastableShapes({ maxRank: 2, maxDim: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))
    .chain(([[batchA, batchB], n, k, m]) =>
      fc.tuple(tensorArbitrary({ shape: [...batchA, n, k] }), tensorArbitrary({ shape: [...batchB, k, m] })),
    );
  assertGradients(t, ops.matmul, arguments_);
});

test('reshape gradients', (t) => {
  const arguments_ = tensorArbitrary().chain((x) => fc.tuple(fc.constant(x), fc.constantFrom([-1], [...x.shape].reverse(), [1, ...x.shape])));
  assertGradients(t, ops.reshape, arguments_, [0]);
});

test('transpose gradients', (t) => {
  assertGradients(t, ops.transpose, fc.tuple(tensorArbitrary({ minRank: 2 })));
});

test('permute gradients', (t) => {
  const arguments_ = tensorArbitrary({ minRank: 1 }).chain((x) => {
    const axes = Array.from({ length: x.rank }, (_, axis) => axis);
    return fc.tuple(fc.constant(x), fc.shuffledSubarray(axes, { minLength: x.rank, maxLength: x.rank }));
  });
  assertGradients(t, ops.permute, arguments_, [0]);
});

test('slice gradients', (t) => {
  const arguments_ = tensorArbitrary({ minRank: 1 }).chain((x) => {
    const bounds = x.shape.map((dim) =>
      fc.integer({ min: 0, max: dim - 1 }).chain((begin) => fc.tuple(fc.constant(begin), fc.constantFrom(-1, 1, dim - begin))),
    );
    return fc.tuple(fc.constant(x), fc.tuple(...bounds)).map(([input, pairs]) => [
      input,
      pairs.map(([begin]) => begin),
      pairs.map(([, size]) => size),
    ] as const);
  });
  assertGradients(t, ops.slice, arguments_, [0]);
});

test('concat gradients', (t) => {
  const arguments_ = shapeArbitrary({ minRank: 1 }).chain((shape) =>
    fc.integer({ min: 0, max: shape.length - 1 }).chain((axis) => {
      const part = fc.integer({ min: 1, max: 3 }).chain((length) => tensorArbitrary({ shape: shape.map((dim, a) => (a === axis ? length : dim)) }));
      return fc.tuple(fc.array(part, { minLength: 1, maxLength: 3 }), fc.constant(axis)).map(([parts, joinAxis]) => [joinAxis, ...parts] as const);
    }),
  );
  assertGradients(t, (axis: number, ...parts: Tensor[]) => ops.concat(parts, axis), arguments_);
});

test('gather gradients', (t) => {
  const arguments_ = fc
    .tuple(shapeArbitrary({ maxRank: 2 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
    .chain(([lead, n, k]) => fc.tuple(tensorArbitrary({ shape: [...lead, n] }), integerTensor([...lead, k], n)));
  assertGradients(t, ops.gather, arguments_, [0]);
});

test('scatterAdd gradients', (t) => {
  const arguments_ = fc
    .tuple(shapeArbitrary({ maxRank: 2 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
    .chain(([lead, n, k]) =>
      fc.tuple(fc.constant([...lead, n]), integerTensor([...lead, k], n), tensorArbitrary({ shape: [...lead, k] })),
    );
  assertGradients(t, ops.scatterAdd, arguments_, [2]);
});

test('indexSelect gradients', (t) => {
  const arguments_ = tensorArbitrary({ minRank: 1 }).chain((x) =>
    fc.integer({ min: 0, max: x.rank - 1 }).chain((axis) =>
      fc.tuple(fc.constant(x), fc.integer({ min: 1, max: 4 }).chain((count) => integerTensor([count], x.shape[axis]!)), fc.constant(axis)),
    ),
  );
  assertGradients(t, ops.indexSelect, arguments_, [0]);
});

test('indexAdd gradients', (t) => {
  const arguments_ = shapeArbitrary({ minRank: 1 }).chain((shape) =>
    fc.tuple(fc.integer({ min: 0, max: shape.length - 1 }), fc.integer({ min: 1, max: 4 })).chain(([axis, count]) =>
      fc.tuple(
        fc.constant(shape),
        integerTensor([count], shape[axis]!),
        tensorArbitrary({ shape: shape.map((dim, a) => (a === axis ? count : dim)) }),
        fc.constant(axis),
      ),
    ),
  );
  assertGradients(t, ops.indexAdd, arguments_, [2]);
});

test('broadcastTo gradients', (t) => {
  const arguments_ = broadcastableShapes().chain(([shapeA, shapeB]) =>
    fc.tuple(tensorArbitrary({ shape: shapeA }), fc.constant(broadcastShapes(shapeA, shapeB))),
  );
  assertGradients(t, ops.broadcastTo, arguments_, [0]);
});

test('sumToShape gradients', (t) => {
  const arguments_ = broadcastableShapes().chain(([shapeA, shapeB]) =>
    fc.tuple(tensorArbitrary({ shape: broadcastShapes(shapeA, shapeB) }), fc.constant(shapeA)),
  );
  assertGradients(t, ops.sumToShape, arguments_, [0]);
});
