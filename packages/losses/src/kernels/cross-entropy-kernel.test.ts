import test from 'ava';

import { firstMismatch, loadReferenceCases, type ReferenceCase } from '../fixtures.js';
import { availableTestBackends } from '../test-backends.js';
import { computeCrossEntropyAsync } from './cross-entropy-kernel.js';
import { computeCrossEntropyFloat64 } from './cross-entropy-float64.js';

const backends = await availableTestBackends();
const cases = loadReferenceCases('cross_entropy.json');

function rowWeightsFor(referenceCase: ReferenceCase) {
  const targets = referenceCase.inputs.targets!;
  const ignoreIndex = referenceCase.params.ignore_index as number;
  const counted = Array.from(targets, (target) => target !== ignoreIndex);
  const rowsCounted = counted.filter(Boolean).length;
  const gradOutput = referenceCase.params.grad_output as number;
  const weights = counted.map((isCounted) => (isCounted ? gradOutput / Math.max(rowsCounted, 1) : 0));
  return { weights, rowsCounted, gradOutput };
}

for (const backend of backends) {
  test(`cross entropy kernel fixtures on ${backend}`, async (t) => {
    for (const referenceCase of cases) {
      const [rows, vocabSize] = referenceCase.shape;
      const { weights, rowsCounted, gradOutput } = rowWeightsFor(referenceCase);

      const result = await computeCrossEntropyAsync(
        {
          logits: Float32Array.from(referenceCase.inputs.logits!),
          targets: referenceCase.inputs.targets!,
          rows,
          vocabSize,
          labelSmoothing: 0,
          rowWeights: Float32Array.from(weights),
        },
        backend,
      );

      const loss = (gradOutput * result.rowLosses.reduce((sum, rowLoss) => sum + rowLoss, 0)) / Math.max(rowsCounted, 1);
      t.is(firstMismatch([loss], [referenceCase.expected.loss * gradOutput], referenceCase.tolerance.loss), null, `${referenceCase.name} loss`);
      t.is(firstMismatch(result.grad, referenceCase.expected.grad, referenceCase.tolerance.grad), null, `${referenceCase.name} grad`);
    }
  });

  test(`cross entropy label smoothing on ${backend}`, async (t) => {
    // Smoothing s mixes the one-hot target with the uniform distribution, so the loss is
    // (1 - s) CE(target) + s * mean over classes of CE(class), and the gradient is
    // softmax - (1 - s) one-hot - s / V.
    const logits = Float32Array.from([2, -1, 0.5, 0, 1, 3, -2, 0.25]);
    const targets = [0, 2];
    const smoothing = 0.2;
    const result = await computeCrossEntropyAsync(
      { logits, targets, rows: 2, vocabSize: 4, labelSmoothing: smoothing, rowWeights: Float32Array.from([1, 1]) },
      backend,
    );

    for (let row = 0; row < 2; row++) {
      const values = Array.from(logits.subarray(row * 4, row * 4 + 4));
      const logSumExp = Math.log(values.reduce((sum, value) => sum + Math.exp(value), 0));
      const perClass = values.map((value) => logSumExp - value);
      const expectedLoss = (1 - smoothing) * perClass[targets[row]!]! + (smoothing * perClass.reduce((a, b) => a + b, 0)) / 4;
      t.true(Math.abs(result.rowLosses[row]! - expectedLoss) < 1e-6, `row ${row} loss`);

      for (let column = 0; column < 4; column++) {
        const oneHot = column === targets[row] ? 1 : 0;
        const expectedGrad = Math.exp(values[column]! - logSumExp) - (1 - smoothing) * oneHot - smoothing / 4;
        t.true(Math.abs(result.grad[row * 4 + column]! - expectedGrad) < 1e-6, `row ${row} column ${column} grad`);
      }
    }
  });
}

for (const backend of backends) {
  test(`cross entropy kernel zero rows on ${backend}`, async (t) => {
    const empty = new Float32Array(0);
    const inputs = { logits: empty, targets: [], rows: 0, vocabSize: 3, labelSmoothing: 0, rowWeights: empty };
    const result = await computeCrossEntropyAsync(inputs, backend);
    t.is(result.grad.length, 0);
    t.is(result.rowLosses.length, 0);
  });
}

test('cross entropy float64 loop fixtures', (t) => {
  for (const referenceCase of cases) {
    const [rows, vocabSize] = referenceCase.shape;
    const { weights, rowsCounted } = rowWeightsFor(referenceCase);

    const result = computeCrossEntropyFloat64({
      logits: Float64Array.from(referenceCase.inputs.logits!),
      targets: referenceCase.inputs.targets!,
      rows,
      vocabSize,
      labelSmoothing: 0,
      rowWeights: Float64Array.from(weights),
    });

    const loss = result.rowLosses.reduce((sum, rowLoss) => sum + rowLoss, 0) / Math.max(rowsCounted, 1);
    t.is(firstMismatch([loss], [referenceCase.expected.loss], { rtol: 1e-9, atol: 1e-12 }), null, `${referenceCase.name} loss`);
    t.is(firstMismatch(result.grad, referenceCase.expected.grad, { rtol: 1e-9, atol: 1e-12 }), null, `${referenceCase.name} grad`);
  }
});
