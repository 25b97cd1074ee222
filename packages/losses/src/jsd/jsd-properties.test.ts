import test from 'ava';
import fc from 'fast-check';

import { setBackend, tensor, type Tensor } from '@fusegrad/core';
import { gradcheck, mul } from '@fusegrad/autograd';
import { logProbRows } from '@fusegrad/testing';

import { klDiv } from '../kl-div.js';
import { jsdUnfused } from './jsd-unfused.js';
import { jsd } from './jsd.js';

// Properties run on the cpu backend, where a call takes well under a millisecond; the fixture
// tests cover every backend.
setBackend('cpu');

interface Pair {
  rows: number;
  vocabSize: number;
  student: Float64Array;
  teacher: Float64Array;
}

/**
 * Student and teacher log-probabilities of one shape, with some probabilities exactly 0 (log-probability
 * -Infinity) unless `zeroProbability` is 0.
 */
function pairArbitrary(zeroProbability = 0.25): fc.Arbitrary<Pair> {
  return fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 9 }))
    .chain(([rows, vocabSize]) => {
      const logProbs = logProbRows({ rows, vocabSize, zeroProbability, logitRange: 6 });
      return fc.tuple(fc.constant(rows), fc.constant(vocabSize), logProbs, logProbs);
    })
    .map(([rows, vocabSize, student, teacher]) => ({
      rows,
      vocabSize,
      student: Float64Array.from(student.data),
      teacher: Float64Array.from(teacher.data),
    }));
}

const betaArbitrary = fc.oneof(fc.constantFrom(0, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true }));

function matrix(values: Float64Array, pair: Pair, requiresGrad = false, dtype: 'float32' | 'float64' = 'float32'): Tensor {
  return tensor(dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values), { shape: [pair.rows, pair.vocabSize], requiresGrad });
}

function gradientOf(compute: (input: Tensor) => Tensor, values: Float64Array, pair: Pair): { loss: number; grad: Float32Array | Float64Array } {
  const input = matrix(values, pair, true);
  const loss = compute(input);
  loss.backward();
  return { loss: loss.item(), grad: input.grad!.data };
}

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, atol: number): boolean {
  for (let index = 0; index < expected.length; index++) {
    const [got, want] = [actual[index]!, expected[index]!];
    // Infinite KL values must match exactly.
    if (got !== want && !(Math.abs(got - want) <= atol + 1e-4 * Math.abs(want))) return false;
  }
  return actual.length === expected.length;
}

test('jsd gradient equals unfused', (t) => {
  fc.assert(
    fc.property(pairArbitrary(), betaArbitrary, (pair, beta) => {
      const target = matrix(pair.teacher, pair);
      const fused = gradientOf((input) => jsd(input, target, { beta }), pair.student, pair);
      const unfused = gradientOf((input) => jsdUnfused(input, target, { beta }), pair.student, pair);
      return close([fused.loss], [unfused.loss], 1e-6) && close(fused.grad, unfused.grad, 1e-6);
    }),
    { numRuns: 60 },
  );
  t.pass();
});

test('jsd gradcheck in float64', (t) => {
  fc.assert(
    fc.property(pairArbitrary(0), betaArbitrary, fc.boolean(), (pair, beta, ignoreFirst) => {
      const labels = Array.from({ length: pair.rows }, (_, row) => (row === 0 && ignoreFirst ? -100 : row));
      const input = matrix(pair.student, pair, true, 'float64');
      const target = matrix(pair.teacher, pair, false, 'float64');
      const report = gradcheck((x: Tensor, y: Tensor) => jsd(x, y, { beta, labels }), [input, target], { atol: 1e-8, rtol: 1e-5 });
      return report.ok;
    }),
    { numRuns: 40 },
  );
  t.pass();
});

test('jsd of identical inputs is zero', (t) => {
  fc.assert(
    fc.property(pairArbitrary(), betaArbitrary, (pair, beta) => {
      const loss = jsd(matrix(pair.student, pair), matrix(pair.student, pair), { beta }).item();
      return Math.abs(loss) <= 1e-6;
    }),
    { numRuns: 60 },
  );
  t.pass();
});

test('jsd symmetric at beta 0.5', (t) => {
  fc.assert(
    fc.property(pairArbitrary(), (pair) => {
      const forward = jsd(matrix(pair.student, pair), matrix(pair.teacher, pair)).item();
      const swapped = jsd(matrix(pair.teacher, pair), matrix(pair.student, pair)).item();
      return Math.abs(forward - swapped) <= 1e-6 + 1e-5 * Math.abs(forward);
    }),
    { numRuns: 60 },
  );
  t.pass();
});

test('jsd row loss within [0, ln 2]', (t) => {
  fc.assert(
    fc.property(pairArbitrary(), (pair) => {
      const rowLosses = jsd(matrix(pair.student, pair), matrix(pair.teacher, pair), { reduction: 'none' }).data;
      return rowLosses.every((rowLoss) => rowLoss >= -1e-7 && rowLoss <= Math.LN2 + 1e-6);
    }),
    { numRuns: 60 },
  );

  // Disjoint one-hot rows reach the upper bound, ln 2.
  const oneHot = jsd(tensor([[0, -Infinity]]), tensor([[-Infinity, 0]])).item();
  t.true(Math.abs(oneHot - Math.LN2) < 1e-6);
});

test('jsd scaled backward scales gradient', (t) => {
  fc.assert(
    fc.property(pairArbitrary(0), betaArbitrary, fc.double({ min: -4, max: 4, noNaN: true }), (pair, beta, scale) => {
      const target = matrix(pair.teacher, pair);
      const plain = gradientOf((input) => jsd(input, target, { beta }), pair.student, pair);
      const scaled = gradientOf((input) => mul(jsd(input, target, { beta }), scale), pair.student, pair);
      return close(scaled.grad, Array.from(plain.grad, (value) => value * scale), 1e-7);
    }),
    { numRuns: 60 },
  );
  t.pass();
});

test('jsd ignored rows change nothing', (t) => {
  fc.assert(
    fc.property(pairArbitrary(), betaArbitrary, pairArbitrary(), (pair, beta, extra) => {
      // Append extra.rows rows (with any values) to pair, labelled as ignored.
      const vocabSize = pair.vocabSize;
      const extraRows = Array.from({ length: extra.rows * vocabSize }, (_, index) => extra.student[index % extra.student.length]!);
      const padded: Pair = {
        rows: pair.rows + extra.rows,
        vocabSize,
        student: Float64Array.from([...pair.student, ...extraRows]),
        teacher: Float64Array.from([...pair.teacher, ...extraRows.map((value) => -value)]),
      };
      const labels = [...Array.from({ length: pair.rows }, () => 1), ...Array.from({ length: extra.rows }, () => -100)];

      const target = matrix(pair.teacher, pair);
      const base = gradientOf((input) => jsd(input, target, { beta }), pair.student, pair);
      const paddedTarget = matrix(padded.teacher, padded);
      const withIgnored = gradientOf((input) => jsd(input, paddedTarget, { beta, labels }), padded.student, padded);

      const ignoredGrad = withIgnored.grad.subarray(pair.rows * vocabSize);
      return (
        close([withIgnored.loss], [base.loss], 1e-7) &&
        close(withIgnored.grad.subarray(0, pair.rows * vocabSize), base.grad, 1e-8) &&
        ignoredGrad.every((value) => value === 0)
      );
    }),
    { numRuns: 40 },
  );
  t.pass();
});

test('jsd end points equal klDiv', (t) => {
  fc.assert(
    fc.property(pairArbitrary(), (pair) => {
      const klOptions = { reduction: 'batchmean', logTarget: true } as const;
      const target = matrix(pair.teacher, pair);

      // beta 0: forward KL(P || Q) = klDiv(X, Y).
      const forward = gradientOf((input) => jsd(input, target, { beta: 0 }), pair.student, pair);
      const forwardKl = gradientOf((input) => klDiv(input, target, klOptions), pair.student, pair);

      // beta 1: reverse KL(Q || P) = klDiv(Y, X), differentiated with respect to its target X.
      const reverse = gradientOf((input) => jsd(input, target, { beta: 1 }), pair.student, pair);
      const reverseKl = gradientOf((input) => klDiv(target, input, klOptions), pair.student, pair);

      return (
        close([forward.loss], [forwardKl.loss], 1e-6) &&
        close(forward.grad, forwardKl.grad, 1e-7) &&
        close([reverse.loss], [reverseKl.loss], 1e-6) &&
        close(reverse.grad, reverseKl.grad, 1e-6)
      );
    }),
    { numRuns: 60 },
  );
  t.pass();
});
