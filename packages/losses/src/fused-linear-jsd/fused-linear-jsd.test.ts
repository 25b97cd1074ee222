import test from 'ava';

import { Generator, kernels, randn, setBackend, tensor, Tensor } from '@fusegrad/core';
import { add, div, gradcheck, logSoftmax, matmul, noGrad, transpose } from '@fusegrad/autograd';

import { jsdUnfused } from '../jsd/jsd-unfused.js';
import { defaultChunkSize } from './chunk-size.js';
import { fusedLinearJSD } from './fused-linear-jsd.js';
import type { FusedLinearJsdOptions } from './options.js';

const ROWS = 7;
const HIDDEN = 5;
const TEACHER_HIDDEN = 6;
const VOCAB = 11;
const ATOL = 1e-5;
const RTOL = 1e-4;

interface Problem {
  studentHidden: Tensor;
  studentWeight: Tensor;
  studentBias: Tensor;
  teacherHidden: Tensor;
  teacherWeight: Tensor;
  teacherBias: Tensor;
}

/** Builds seeded float32 inputs; the student's tensors require gradients. */
function makeProblem(seed: number, rows = ROWS): Problem {
  const generator = new Generator(seed);
  const draw = (shape: number[], scale: number, requiresGrad: boolean): Tensor => {
    const values = randn(shape, { generator });
    return tensor(kernels.mul(values, scale).data, { shape, requiresGrad });
  };
  return {
    studentHidden: draw([rows, HIDDEN], 1, true),
    studentWeight: draw([VOCAB, HIDDEN], 0.7, true),
    studentBias: draw([VOCAB], 0.5, true),
    teacherHidden: draw([rows, TEACHER_HIDDEN], 1, false),
    teacherWeight: draw([VOCAB, TEACHER_HIDDEN], 0.7, false),
    teacherBias: draw([VOCAB], 0.5, false),
  };
}

interface Outcome {
  loss: number;
  hidden: number[];
  weight: number[];
  bias: number[] | null;
}

/** Runs the fused loss on fresh leaves copied from `problem` and returns the loss and gradients. */
function runFused(problem: Problem, options: FusedLinearJsdOptions & { useBias?: boolean }): Outcome {
  const leaves = copyLeaves(problem, 'float32');
  const { useBias, ...rest } = options;
  const loss = fusedLinearJSD(leaves.studentHidden, leaves.studentWeight, leaves.teacherHidden, leaves.teacherWeight, {
    ...rest,
    studentBias: useBias ? leaves.studentBias : null,
    teacherBias: useBias ? leaves.teacherBias : null,
  });
  loss.backward();
  return outcomeOf(loss, leaves, useBias === true);
}

/** Runs linear, logSoftmax and jsdUnfused through autograd in float64 on fresh leaves. */
function runReference(problem: Problem, options: FusedLinearJsdOptions & { useBias?: boolean }): Outcome {
  const leaves = copyLeaves(problem, 'float64');
  const temperature = options.temperature ?? 1;
  const logProbsOf = (hidden: Tensor, weight: Tensor, bias: Tensor | null): Tensor => {
    let logits = matmul(hidden, transpose(weight));
    if (bias) logits = add(logits, bias);
    return logSoftmax(div(logits, temperature), -1);
  };

  const studentLogProbs = logProbsOf(leaves.studentHidden, leaves.studentWeight, options.useBias ? leaves.studentBias : null);
  const teacherLogProbs = noGrad(() =>
    logProbsOf(leaves.teacherHidden, leaves.teacherWeight, options.useBias ? leaves.teacherBias : null),
  );
  const loss = jsdUnfused(studentLogProbs, teacherLogProbs, {
    beta: options.beta,
    labels: options.labels,
    ignoreIndex: options.ignoreIndex,
  });
  loss.backward();
  return outcomeOf(loss, leaves, options.useBias === true);
}

function copyLeaves(problem: Problem, dtype: 'float32' | 'float64'): Problem {
  const copy = (source: Tensor): Tensor =>
    tensor(dtype === 'float64' ? source.toFloat64Array() : source.toFloat32Array(), {
      shape: [...source.shape],
      requiresGrad: source.requiresGrad,
    });
  return {
    studentHidden: copy(problem.studentHidden),
    studentWeight: copy(problem.studentWeight),
    studentBias: copy(problem.studentBias),
    teacherHidden: copy(problem.teacherHidden),
    teacherWeight: copy(problem.teacherWeight),
    teacherBias: copy(problem.teacherBias),
  };
}

function outcomeOf(loss: Tensor, leaves: Problem, useBias: boolean): Outcome {
  return {
    loss: loss.item(),
    hidden: Array.from(leaves.studentHidden.grad!.data),
    weight: Array.from(leaves.studentWeight.grad!.data),
    bias: useBias ? Array.from(leaves.studentBias.grad!.data) : null,
  };
}

/** Returns a description of the first element outside float32 tolerance, or null. */
function mismatch(actual: readonly number[], expected: readonly number[]): string | null {
  if (actual.length !== expected.length) return `length ${actual.length} vs ${expected.length}`;
  for (let index = 0; index < expected.length; index++) {
    const difference = Math.abs(actual[index]! - expected[index]!);
    if (!(difference <= ATOL + RTOL * Math.abs(expected[index]!))) {
      return `index ${index}: ${actual[index]} vs ${expected[index]}`;
    }
  }
  return null;
}

function largestMagnitude(values: readonly number[]): number {
  return values.reduce((largest, value) => Math.max(largest, Math.abs(value)), 0);
}

test('fusedLinearJSD matches reference', (t) => {
  const problem = makeProblem(1);
  for (const beta of [0, 0.1, 0.5, 1]) {
    for (const temperature of [1, 2]) {
      for (const useBias of [false, true]) {
        const options = { beta, temperature, useBias, chunkSize: 3 };
        const label = `beta ${beta}, temperature ${temperature}, bias ${useBias}`;
        const fused = runFused(problem, options);
        const reference = runReference(problem, options);

        t.true(reference.loss > 0, label);
        t.true(largestMagnitude(reference.weight) > 1e-3, label);
        t.is(mismatch([fused.loss], [reference.loss]), null, `loss, ${label}`);
        t.is(mismatch(fused.hidden, reference.hidden), null, `studentHidden gradient, ${label}`);
        t.is(mismatch(fused.weight, reference.weight), null, `studentWeight gradient, ${label}`);
        if (useBias) t.is(mismatch(fused.bias!, reference.bias!), null, `studentBias gradient, ${label}`);
      }
    }
  }
});

test('fusedLinearJSD chunk sizes agree', (t) => {
  const problem = makeProblem(2);
  const reference = runReference(problem, { beta: 0.5 });
  for (const chunkSize of [1, 2, 4, ROWS, 100, undefined]) {
    const fused = runFused(problem, { beta: 0.5, chunkSize });
    t.is(mismatch([fused.loss], [reference.loss]), null, `loss, chunkSize ${chunkSize}`);
    t.is(mismatch(fused.hidden, reference.hidden), null, `studentHidden gradient, chunkSize ${chunkSize}`);
    t.is(mismatch(fused.weight, reference.weight), null, `studentWeight gradient, chunkSize ${chunkSize}`);
  }
});

test('defaultChunkSize fits 2^21 logits', (t) => {
  t.is(defaultChunkSize(32768), 64);
  t.is(defaultChunkSize(4096), 512);
  t.is(defaultChunkSize(50257), 41);
  t.is(defaultChunkSize(3_000_000), 1);
});

test('fusedLinearJSD ignored rows in later chunk', (t) => {
  const problem = makeProblem(3);
  // chunkSize 3 gives chunks of rows 0-2, 3-5 and 6; rows 4 and 6 are ignored.
  const labels = [1, 2, 3, 4, -1, 5, -1];
  const options = { labels, ignoreIndex: -1, temperature: 2, useBias: true, chunkSize: 3 };
  const fused = runFused(problem, options);
  const reference = runReference(problem, options);

  t.is(mismatch([fused.loss], [reference.loss]), null);
  t.is(mismatch(fused.hidden, reference.hidden), null);
  t.is(mismatch(fused.weight, reference.weight), null);
  t.is(mismatch(fused.bias!, reference.bias!), null);
  for (const row of [4, 6]) {
    t.deepEqual(fused.hidden.slice(row * HIDDEN, (row + 1) * HIDDEN), new Array<number>(HIDDEN).fill(0), `row ${row}`);
  }

  // Counting rows per chunk would weight the last chunk's lone row differently.
  const counted = runFused(problem, { ...options, labels: [1, 2, 3, 4, 5, 6, 7] });
  t.not(counted.loss, fused.loss);
});

test('fusedLinearJSD every row ignored', (t) => {
  const problem = makeProblem(4);
  const fused = runFused(problem, { labels: new Array<number>(ROWS).fill(-100), useBias: true, chunkSize: 3 });
  t.is(fused.loss, 0);
  t.true(fused.hidden.every((value) => value === 0));
  t.true(fused.weight.every((value) => value === 0));
  t.true(fused.bias!.every((value) => value === 0));
});

test('fusedLinearJSD teacher gets no gradient', (t) => {
  const leaves = copyLeaves(makeProblem(5), 'float32');
  const teacherHidden = tensor(leaves.teacherHidden.toFloat32Array(), { shape: [ROWS, TEACHER_HIDDEN], requiresGrad: true });
  const teacherWeight = tensor(leaves.teacherWeight.toFloat32Array(), { shape: [VOCAB, TEACHER_HIDDEN], requiresGrad: true });
  const teacherBias = tensor(leaves.teacherBias.toFloat32Array(), { requiresGrad: true });

  fusedLinearJSD(leaves.studentHidden, leaves.studentWeight, teacherHidden, teacherWeight, { teacherBias }).backward();
  t.not(leaves.studentHidden.grad, null);
  t.is(teacherHidden.grad, null);
  t.is(teacherWeight.grad, null);
  t.is(teacherBias.grad, null);
});

test('fusedLinearJSD scales by upstream gradient', (t) => {
  const problem = makeProblem(6);
  const once = runFused(problem, { useBias: true, chunkSize: 3 });

  const leaves = copyLeaves(problem, 'float32');
  const loss = fusedLinearJSD(leaves.studentHidden, leaves.studentWeight, leaves.teacherHidden, leaves.teacherWeight, {
    studentBias: leaves.studentBias,
    teacherBias: leaves.teacherBias,
    chunkSize: 3,
  });
  loss.backward(tensor(-3));
  const tripled = outcomeOf(loss, leaves, true);
  const times = (values: number[]) => values.map((value) => -3 * value);
  t.is(mismatch(tripled.hidden, times(once.hidden)), null);
  t.is(mismatch(tripled.weight, times(once.weight)), null);
  t.is(mismatch(tripled.bias!, times(once.bias!)), null);
});

test('fusedLinearJSD backward twice', (t) => {
  const leaves = copyLeaves(makeProblem(7), 'float32');
  const args = [leaves.studentHidden, leaves.studentWeight, leaves.teacherHidden, leaves.teacherWeight] as const;

  const retained = fusedLinearJSD(...args, { chunkSize: 3 });
  retained.backward(undefined, { retainGraph: true });
  const first = Array.from(leaves.studentWeight.grad!.data);
  retained.backward();
  t.is(mismatch(Array.from(leaves.studentWeight.grad!.data), first.map((value) => 2 * value)), null);

  const loss = fusedLinearJSD(...args, { chunkSize: 3 });
  loss.backward();
  const error = t.throws(() => loss.backward());
  t.regex(error.message, /retainGraph/);
});

test('fusedLinearJSD once differentiable', (t) => {
  const leaves = copyLeaves(makeProblem(8), 'float32');
  const loss = fusedLinearJSD(leaves.studentHidden, leaves.studentWeight, leaves.teacherHidden, leaves.teacherWeight);
  loss.backward(undefined, { createGraph: true });
  const error = t.throws(() => (leaves.studentWeight.grad as Tensor).sum().backward());
  t.regex(error.message, /FusedLinearJSDFunction is once-differentiable/);
});

test('fusedLinearJSD float64 gradcheck', (t) => {
  const problem = copyLeaves(makeProblem(9, 4), 'float64');
  const report = gradcheck(
    (studentHidden: Tensor, studentWeight: Tensor, studentBias: Tensor) =>
      fusedLinearJSD(studentHidden, studentWeight, problem.teacherHidden, problem.teacherWeight, {
        studentBias,
        teacherBias: problem.teacherBias,
        labels: [0, -100, 2, 3],
        beta: 0.3,
        temperature: 1.5,
        chunkSize: 3,
      }),
    [problem.studentHidden, problem.studentWeight, problem.studentBias],
  );
  t.true(report.ok, JSON.stringify(report.worst));
});

test.serial('fusedLinearJSD explicit cpu backend', (t) => {
  const problem = makeProblem(10);
  const options = { beta: 0.1, temperature: 2, useBias: true, chunkSize: 3 };
  setBackend('cpu');
  try {
    const fused = runFused(problem, options);
    const reference = runReference(problem, options);
    t.is(mismatch([fused.loss], [reference.loss]), null);
    t.is(mismatch(fused.hidden, reference.hidden), null);
    t.is(mismatch(fused.weight, reference.weight), null);
    t.is(mismatch(fused.bias!, reference.bias!), null);
  } finally {
    setBackend('auto');
  }
});

for (const dtype of ['float32', 'float64'] as const) {
  test(`fusedLinearJSD NaN names the row in ${dtype}`, (t) => {
    const leaves = copyLeaves(makeProblem(13), dtype);
    // Row 5 is in the third chunk of two rows, so the message must add the chunk's first row.
    leaves.studentHidden.data[5 * HIDDEN + 1] = NaN;
    const studentError = t.throws(() =>
      fusedLinearJSD(leaves.studentHidden, leaves.studentWeight, leaves.teacherHidden, leaves.teacherWeight, { chunkSize: 2 }),
    );
    t.is(
      studentError.message,
      'fusedLinearJSD: the student logits of row 5 contain NaN; check row 5 of studentHidden, ' +
        'and studentWeight and studentBias, for NaN or for values that overflow',
    );

    const clean = copyLeaves(makeProblem(13), dtype);
    clean.teacherWeight.data[3 * TEACHER_HIDDEN] = NaN;
    const teacherError = t.throws(() =>
      fusedLinearJSD(clean.studentHidden, clean.studentWeight, clean.teacherHidden, clean.teacherWeight, { chunkSize: 2 }),
    );
    t.regex(teacherError.message, /^fusedLinearJSD: the teacher logits of row 0 contain NaN; check row 0 of teacherHidden/);
  });
}

test('fusedLinearJSD leaves inputs unchanged', (t) => {
  const problem = makeProblem(11);
  const before = Object.values(problem).map((value: Tensor) => Array.from(value.data));
  fusedLinearJSD(problem.studentHidden, problem.studentWeight, problem.teacherHidden, problem.teacherWeight, {
    studentBias: problem.studentBias,
    teacherBias: problem.teacherBias,
    chunkSize: 2,
  }).backward(tensor(2));
  t.deepEqual(
    Object.values(problem).map((value: Tensor) => Array.from(value.data)),
    before,
  );
});

test('fusedLinearJSD rejects bad input', (t) => {
  const { studentHidden, studentWeight, teacherHidden, teacherWeight } = makeProblem(12);
  const call = (overrides: Partial<Problem>, options: FusedLinearJsdOptions = {}) => () =>
    fusedLinearJSD(
      overrides.studentHidden ?? studentHidden,
      overrides.studentWeight ?? studentWeight,
      overrides.teacherHidden ?? teacherHidden,
      overrides.teacherWeight ?? teacherWeight,
      options,
    );
  const cases: [() => unknown, RegExp][] = [
    [call({ studentHidden: tensor([1, 2]) }), /fusedLinearJSD: studentHidden must be 2-D \[BT, H\], got shape \[2\]/],
    [call({ teacherWeight: tensor([[[1]]]) }), /fusedLinearJSD: teacherWeight must be 2-D \[V, Ht\], got shape \[1,1,1\]/],
    [
      call({ studentWeight: randn([VOCAB, 4]) }),
      /fusedLinearJSD: studentWeight has shape \[11,4\] but studentHidden has shape \[7,5\]; dimension 1 of both must be the hidden size H/,
    ],
    [
      call({ teacherHidden: randn([6, TEACHER_HIDDEN]) }),
      /fusedLinearJSD: teacherHidden has shape \[6,6\] but studentHidden has shape \[7,5\]; dimension 0 of both/,
    ],
    [
      call({ teacherWeight: randn([VOCAB, 3]) }),
      /fusedLinearJSD: teacherWeight has shape \[11,3\] but teacherHidden has shape \[7,6\]; dimension 1 of both/,
    ],
    [
      call({ teacherWeight: randn([12, TEACHER_HIDDEN]) }),
      /fusedLinearJSD: teacherWeight has shape \[12,6\] but studentWeight has shape \[11,5\]; dimension 0 of both must be the vocabulary size V/,
    ],
    [call({}, { studentBias: randn([10]) }), /fusedLinearJSD: studentBias has shape \[10\] but the weights have 11 rows/],
    [call({}, { teacherBias: randn([1, 11]) }), /fusedLinearJSD: teacherBias has shape \[1,11\]/],
    [call({}, { labels: [1, 2] }), /fusedLinearJSD: labels has 2 entries but the input has 7 rows/],
    [call({}, { labels: [0, 1, 2, 3, 4, 5, 0.5] }), /fusedLinearJSD: labels\[6\] is 0.5, not an integer/],
    [call({}, { beta: -0.1 }), /fusedLinearJSD: beta must be a finite number in \[0, 1\], got -0.1/],
    [call({}, { beta: NaN }), /fusedLinearJSD: beta must be a finite number in \[0, 1\], got NaN/],
    [call({}, { temperature: 0 }), /fusedLinearJSD: temperature must be a finite number greater than 0, got 0/],
    [call({}, { temperature: Infinity }), /fusedLinearJSD: temperature must be a finite number greater than 0, got Infinity/],
    [call({}, { chunkSize: 0 }), /fusedLinearJSD: chunkSize must be a positive integer number of rows, got 0/],
    [call({}, { chunkSize: 2.5 }), /fusedLinearJSD: chunkSize must be a positive integer number of rows, got 2.5/],
    [call({ studentHidden: [[1]] as unknown as Tensor }), /fusedLinearJSD: studentHidden must be a Tensor, got Array/],
    [
      call({}, { chunk: 4 } as FusedLinearJsdOptions),
      /fusedLinearJSD: unknown option "chunk"; valid options are studentBias, teacherBias, labels, ignoreIndex, beta, temperature, chunkSize$/,
    ],
  ];
  for (const [run, message] of cases) t.regex(t.throws(run).message, message);
});
