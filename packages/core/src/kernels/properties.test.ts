import test from 'ava';
import fc from 'fast-check';

import { Generator, kernels, randn, stridesOf, tensor, type Tensor } from '../index.js';

const dim = fc.integer({ min: 1, max: 4 });
const shapeArb = fc.array(dim, { minLength: 0, maxLength: 4 });

/**
 * Two broadcast-compatible shapes and their broadcast: each operand drops some leading axes of a
 * base shape and sets some axes to 1.
 */
const broadcastPair = shapeArb.chain((baseShape) => {
  const operand = fc
    .tuple(fc.integer({ min: 0, max: baseShape.length }), fc.array(fc.boolean(), { minLength: baseShape.length, maxLength: baseShape.length }))
    .map(([dropped, ones]) => baseShape.slice(dropped).map((size, axis) => (ones[axis + dropped] ? 1 : size)));
  return fc.tuple(operand, operand).map(([a, b]) => [alignedMax(a, b), a, b] as const);
});

function alignedMax(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, axis) => Math.max(a[axis - rank + a.length] ?? 1, b[axis - rank + b.length] ?? 1));
}

function randomTensor(shape: readonly number[], seed: number): Tensor {
  return randn(shape, { generator: new Generator(seed), dtype: 'float64' });
}

/** Reads `x` at the broadcast position of output index `outIndex`. */
function readBroadcast(x: Tensor, outShape: readonly number[], outIndex: number): number {
  const strides = stridesOf(x.shape);
  let rest = outIndex;
  let offset = 0;
  for (let axis = outShape.length - 1; axis >= 0; axis--) {
    const index = rest % outShape[axis]!;
    rest = Math.floor(rest / outShape[axis]!);
    const xAxis = axis - outShape.length + x.rank;
    if (xAxis >= 0 && x.shape[xAxis] !== 1) offset += index * strides[xAxis]!;
  }
  return x.data[offset]!;
}

test('broadcast add agrees with loop', (t) => {
  fc.assert(
    fc.property(broadcastPair, fc.integer(), ([outShape, aShape, bShape], seed) => {
      const a = randomTensor(aShape, seed);
      const b = randomTensor(bShape, seed + 1);
      const sum = kernels.add(a, b);
      const difference = kernels.sub(a, b);
      if (sum.shape.join() !== outShape.join()) return false;
      for (let i = 0; i < sum.size; i++) {
        const left = readBroadcast(a, outShape, i);
        const right = readBroadcast(b, outShape, i);
        if (sum.data[i] !== left + right || difference.data[i] !== left - right) return false;
      }
      return true;
    }),
  );
  t.pass();
});

test('where agrees with loop', (t) => {
  fc.assert(
    fc.property(broadcastPair, fc.integer(), ([outShape, maskShape, aShape], seed) => {
      const mask = kernels.greater(randomTensor(maskShape, seed), 0);
      const a = randomTensor(aShape, seed + 1);
      const result = kernels.where(mask, a, -100);
      for (let i = 0; i < result.size; i++) {
        const expected = readBroadcast(mask, outShape, i) !== 0 ? readBroadcast(a, outShape, i) : -100;
        if (result.data[i] !== expected) return false;
      }
      return true;
    }),
  );
  t.pass();
});

test('sum over all equals nested axis sums', (t) => {
  fc.assert(
    fc.property(shapeArb, fc.integer(), (shape, seed) => {
      const x = randomTensor(shape, seed);
      const total = kernels.sum(x).item();
      let nested = x;
      for (let axis = x.rank - 1; axis >= 0; axis--) nested = kernels.sum(nested, axis);
      const perAxis = x.rank === 0 ? total : kernels.sum(kernels.sum(x, 0)).item();
      return Math.abs(nested.item() - total) < 1e-9 && Math.abs(perAxis - total) < 1e-9;
    }),
  );
  t.pass();
});

test('multi-axis sum equals successive sums', (t) => {
  fc.assert(
    fc.property(
      fc.array(dim, { minLength: 3, maxLength: 4 }),
      fc.integer(),
      (shape, seed) => {
        const x = randomTensor(shape, seed);
        const together = kernels.sum(x, [0, 2], true);
        const apart = kernels.sum(kernels.sum(x, 2, true), 0, true);
        return together.shape.join() === apart.shape.join() && together.data.every((value, i) => Math.abs(value - apart.data[i]!) < 1e-9);
      },
    ),
  );
  t.pass();
});

test('softmax rows sum to one', (t) => {
  fc.assert(
    fc.property(fc.array(dim, { minLength: 1, maxLength: 3 }), fc.integer(), fc.double({ min: -50, max: 50, noNaN: true }), (shape, seed, offset) => {
      const logits = kernels.add(kernels.mul(randomTensor(shape, seed), 10), offset);
      const axis = seed % shape.length;
      const rowSums = kernels.sum(kernels.softmax(logits, axis), axis);
      const fromLog = kernels.sum(kernels.exp(kernels.logSoftmax(logits, axis)), axis);
      return rowSums.data.every((value) => Math.abs(value - 1) < 1e-12) && fromLog.data.every((value) => Math.abs(value - 1) < 1e-12);
    }),
  );
  t.pass();
});

test('logSoftmax equals x minus logsumexp', (t) => {
  fc.assert(
    fc.property(fc.array(dim, { minLength: 1, maxLength: 3 }), fc.integer(), (shape, seed) => {
      const logits = randomTensor(shape, seed);
      const expected = kernels.sub(logits, kernels.logsumexp(logits, -1, true));
      const actual = kernels.logSoftmax(logits, -1);
      return actual.data.every((value, i) => Math.abs(value - expected.data[i]!) < 1e-12);
    }),
  );
  t.pass();
});

test('permute round-trips', (t) => {
  const withPermutation = shapeArb.chain((shape) =>
    fc.tuple(fc.constant(shape), fc.shuffledSubarray([...shape.keys()], { minLength: shape.length, maxLength: shape.length })),
  );
  fc.assert(
    fc.property(withPermutation, fc.integer(), ([shape, dims], seed) => {
      const x = randomTensor(shape, seed);
      const inverse = new Array<number>(dims.length);
      dims.forEach((axis, position) => {
        inverse[axis] = position;
      });
      const back = kernels.permute(kernels.permute(x, dims), inverse);
      return back.shape.join() === x.shape.join() && back.data.every((value, i) => value === x.data[i]);
    }),
  );
  t.pass();
});

test('slices concatenate back', (t) => {
  fc.assert(
    fc.property(fc.array(dim, { minLength: 1, maxLength: 3 }), fc.nat(), fc.integer(), (shape, cutSeed, seed) => {
      const x = randomTensor(shape, seed);
      const axis = cutSeed % shape.length;
      const cut = cutSeed % (shape[axis]! + 1);
      const begin = shape.map(() => 0);
      const firstSize = shape.map((size, a) => (a === axis ? cut : size));
      const secondBegin = begin.map((_, a) => (a === axis ? cut : 0));
      const parts = [kernels.slice(x, begin, firstSize), kernels.slice(x, secondBegin)];
      const joined = kernels.concat(parts, axis);
      return joined.data.every((value, i) => value === x.data[i]);
    }),
  );
  t.pass();
});

test('sumToShape undoes broadcastTo', (t) => {
  fc.assert(
    fc.property(broadcastPair, fc.integer(), ([outShape, shape], seed) => {
      const x = randomTensor(shape, seed);
      const factor = outShape.reduce((product, size) => product * size, 1) / x.size;
      const back = kernels.sumToShape(kernels.broadcastTo(x, outShape), shape);
      return back.shape.join() === x.shape.join() && back.data.every((value, i) => Math.abs(value - factor * x.data[i]!) < 1e-9);
    }),
  );
  t.pass();
});

test('kernels never write to inputs', (t) => {
  const a = tensor([[1, -2, 3], [-4, 5, -6]], { dtype: 'float64' });
  const b = tensor([[0.5], [2]]);
  const indices = tensor([[2, 0], [1, 1]]);
  const before = [Array.from(a.data), Array.from(b.data), Array.from(indices.data)];

  const runs: (() => Tensor)[] = [
    () => kernels.add(a, b),
    () => kernels.div(a, b),
    () => kernels.where(b, a, b),
    () => kernels.clamp(a, 0, 1),
    () => kernels.relu(a),
    () => kernels.sum(a, [0, 1]),
    () => kernels.max(a, 0),
    () => kernels.logsumexp(a, 1),
    () => kernels.softmax(a, 0),
    () => kernels.logSoftmax(a),
    () => kernels.argmax(a, 1),
    () => kernels.matmul(a, kernels.transpose(a)),
    () => kernels.reshape(a, [-1]),
    () => kernels.permute(a, [1, 0]),
    () => kernels.slice(a, [0, 1]),
    () => kernels.concat([a, a], 1),
    () => kernels.gather(a, indices),
    () => kernels.scatterAdd([2, 3], indices, b.shape[1] === 1 ? kernels.broadcastTo(b, [2, 2]) : b),
    () => kernels.indexSelect(a, tensor([1, 0]), 0),
    () => kernels.indexAdd([2, 3], tensor([1]), kernels.slice(a, [0, 0], [1, 3]), 0),
    () => kernels.broadcastTo(b, [2, 2, 1]),
    () => kernels.sumToShape(a, [1, 3]),
    () => kernels.cast(a, 'float32'),
    () => kernels.oneHot(indices, 3),
  ];
  for (const run of runs) {
    const result = run();
    t.not(result.data, a.data);
    t.not(result.data, b.data);
  }
  t.deepEqual([Array.from(a.data), Array.from(b.data), Array.from(indices.data)], before);
});
