import test from 'ava';

import { measureFusedLinearJsdMemory } from './memory-measurement.js';

const SIZES = { rows: 96, hiddenSize: 8, teacherHiddenSize: 12, vocabSize: 2048, chunkSize: 16 };

test.serial('memory measurement fused below quarter', async (t) => {
  const report = await measureFusedLinearJsdMemory(SIZES);
  const inputBytes = 4 * (96 * 8 + 2048 * 8 + 96 * 12 + 2048 * 12);

  t.is(report.inputBytes, inputBytes);
  t.false(report.unfusedEstimated);
  t.deepEqual(report.unfusedMeasuredRows, [96]);
  // The unfused pass keeps at least the student and teacher logits, [96, 2048] each.
  t.true(report.unfusedPeakBytes > inputBytes + 2 * 4 * 96 * 2048, `unfused peak ${report.unfusedPeakBytes}`);
  t.true(report.fusedPeakBytes > inputBytes, `fused peak ${report.fusedPeakBytes}`);
  t.true(report.ratio < 0.25, `ratio ${report.ratio}`);
  t.is(report.ratio, report.fusedPeakBytes / report.unfusedPeakBytes);
});

test.serial('memory measurement extrapolates unfused peak', async (t) => {
  const measured = await measureFusedLinearJsdMemory(SIZES);
  const estimated = await measureFusedLinearJsdMemory({ ...SIZES, unfusedRows: 32 });

  t.true(estimated.unfusedEstimated);
  t.deepEqual(estimated.unfusedMeasuredRows, [16, 32]);
  t.is(estimated.fusedPeakBytes, measured.fusedPeakBytes);
  t.is(estimated.unfusedPeakBytes, measured.unfusedPeakBytes);
});

test.serial('memory measurement rejects odd unfusedRows', async (t) => {
  const error = await t.throwsAsync(measureFusedLinearJsdMemory({ ...SIZES, unfusedRows: 33 }));
  t.regex(error.message, /measureFusedLinearJsdMemory: unfusedRows is 33; pass an even integer in \[2, 96\]/);
});
