import test from 'ava';

import { firstMismatch, loadReferenceCases } from '../fixtures.js';
import type { ReferenceCase } from '../fixtures.js';
import { FastLossPool } from './pool.js';
import { batchMeanWeights, fastTestBackends, logSoftmaxRows } from './test-support.js';

const backends = fastTestBackends();

/** Two workers where the backend uses them, so that row blocks split across threads. */
function createPool(backend: (typeof backends)[number]): FastLossPool {
  return new FastLossPool({ backend, workers: 2 });
}

function gradOutput(referenceCase: ReferenceCase): number {
  return Number(referenceCase.params.grad_output ?? 1);
}

function describe(mismatch: { index: number; actual: number; expected: number } | null): string {
  return mismatch === null ? '' : `index ${mismatch.index}: ${mismatch.actual} vs expected ${mismatch.expected}`;
}

for (const backend of backends) {
  test(`fast jsd vectors on ${backend}`, (t) => {
    const pool = createPool(backend);
    t.teardown(() => pool.close());
    for (const referenceCase of loadReferenceCases('jsd.json')) {
      const [rows, vocabSize] = referenceCase.shape;
      const labels = referenceCase.inputs.labels;
      const weights = batchMeanWeights(labels, rows);
      const scale = gradOutput(referenceCase);
      for (let r = 0; r < rows; r++) weights[r] = weights[r]! * scale;

      const result = pool.jsd({
        input: Float32Array.from(referenceCase.inputs.X!),
        target: Float32Array.from(referenceCase.inputs.Y!),
        rows,
        vocabSize,
        beta: Number(referenceCase.params.beta),
        convention: referenceCase.params.convention === 'mixture' ? 'mixture' : 'klEndpoints',
        rowWeights: weights,
      });

      const loss = scale === 0 ? 0 : result.weightedLoss / scale;
      const lossMismatch = firstMismatch([loss], [referenceCase.expected.loss], referenceCase.tolerance.loss);
      t.is(lossMismatch, null, `${referenceCase.name} loss ${describe(lossMismatch)}`);
      const gradMismatch = firstMismatch(result.gradient, referenceCase.expected.grad, referenceCase.tolerance.grad);
      t.is(gradMismatch, null, `${referenceCase.name} grad ${describe(gradMismatch)}`);
    }
  });

  test(`fast jsd from logits vectors on ${backend}`, (t) => {
    const pool = createPool(backend);
    t.teardown(() => pool.close());
    for (const referenceCase of loadReferenceCases('jsd_from_logits.json')) {
      const [rows, vocabSize] = referenceCase.shape;
      const temperature = Number(referenceCase.params.temperature);
      const studentLogProbs = logSoftmaxRows(referenceCase.inputs.student_logits!, rows, vocabSize, temperature);
      const teacherLogProbs = logSoftmaxRows(referenceCase.inputs.teacher_logits!, rows, vocabSize, temperature);
      const weights = batchMeanWeights(referenceCase.inputs.labels, rows);
      const scale = gradOutput(referenceCase);
      for (let r = 0; r < rows; r++) weights[r] = weights[r]! * scale;

      const result = pool.jsd({
        input: Float32Array.from(studentLogProbs),
        target: Float32Array.from(teacherLogProbs),
        rows,
        vocabSize,
        beta: Number(referenceCase.params.beta),
        convention: referenceCase.params.convention === 'mixture' ? 'mixture' : 'klEndpoints',
        rowWeights: weights,
      });

      // Chain rule through log_softmax(z / T): (g - softmax * sum(g)) / T per row.
      const logitGradient = new Float64Array(rows * vocabSize);
      for (let r = 0; r < rows; r++) {
        const offset = r * vocabSize;
        let gradientSum = 0;
        for (let j = 0; j < vocabSize; j++) gradientSum += result.gradient[offset + j]!;
        for (let j = 0; j < vocabSize; j++) {
          const softmax = Math.exp(studentLogProbs[offset + j]!);
          logitGradient[offset + j] = (result.gradient[offset + j]! - softmax * gradientSum) / temperature;
        }
      }

      const loss = scale === 0 ? 0 : result.weightedLoss / scale;
      const lossMismatch = firstMismatch([loss], [referenceCase.expected.loss], referenceCase.tolerance.loss);
      t.is(lossMismatch, null, `${referenceCase.name} loss ${describe(lossMismatch)}`);
      const gradMismatch = firstMismatch(logitGradient, referenceCase.expected.grad, referenceCase.tolerance.grad);
      t.is(gradMismatch, null, `${referenceCase.name} grad ${describe(gradMismatch)}`);
    }
  });

  test(`fast kl_div vectors on ${backend}`, (t) => {
    const pool = createPool(backend);
    t.teardown(() => pool.close());
    for (const referenceCase of loadReferenceCases('kl_div.json')) {
      const [rows, vocabSize] = referenceCase.shape;
      const scale = gradOutput(referenceCase);
      // kl_div(X, Y) = KL(P || Q) is the JSD end point beta = 0.
      const result = pool.jsd({
        input: Float32Array.from(referenceCase.inputs.X!),
        target: Float32Array.from(referenceCase.inputs.Y!),
        rows,
        vocabSize,
        beta: 0,
        rowWeights: new Float32Array(rows).fill(scale / rows),
      });

      const loss = scale === 0 ? 0 : result.weightedLoss / scale;
      const lossMismatch = firstMismatch([loss], [referenceCase.expected.loss], referenceCase.tolerance.loss);
      t.is(lossMismatch, null, `${referenceCase.name} loss ${describe(lossMismatch)}`);
      const gradMismatch = firstMismatch(result.gradient, referenceCase.expected.grad, referenceCase.tolerance.grad);
      t.is(gradMismatch, null, `${referenceCase.name} grad ${describe(gradMismatch)}`);
    }
  });

  test(`fast cross_entropy vectors on ${backend}`, (t) => {
    const pool = createPool(backend);
    t.teardown(() => pool.close());
    for (const referenceCase of loadReferenceCases('cross_entropy.json')) {
      const [rows, vocabSize] = referenceCase.shape;
      const scale = gradOutput(referenceCase);
      const targets = Int32Array.from(referenceCase.inputs.targets!);
      const weights = batchMeanWeights(targets, rows);
      for (let r = 0; r < rows; r++) weights[r] = weights[r]! * scale;

      const result = pool.crossEntropy({
        logits: Float32Array.from(referenceCase.inputs.logits!),
        targets,
        rows,
        vocabSize,
        rowWeights: weights,
      });

      const loss = scale === 0 ? 0 : result.weightedLoss / scale;
      const lossMismatch = firstMismatch([loss], [referenceCase.expected.loss], referenceCase.tolerance.loss);
      t.is(lossMismatch, null, `${referenceCase.name} loss ${describe(lossMismatch)}`);
      const gradMismatch = firstMismatch(result.gradient, referenceCase.expected.grad, referenceCase.tolerance.grad);
      t.is(gradMismatch, null, `${referenceCase.name} grad ${describe(gradMismatch)}`);
    }
  });
}
