import test from 'ava';

import { setBackend, tensor, zeros } from '@fusegrad/core';

import { crossEntropy } from './cross-entropy.js';
import { distillationLoss, type DistillationLossOptions } from './distillation-loss.js';
import { firstMismatch, loadReferenceCases } from './fixtures.js';
import { availableTestBackends } from './test-backends.js';
import { appliesToKlEndpoints, caseLabels, caseTensor, onBackend, synchronousBackends } from './test-helpers.js';

const backends = synchronousBackends(await availableTestBackends());
const cases = loadReferenceCases('jsd_from_logits.json');

for (const backend of backends) {
  test.serial(`distillationLoss logits fixtures on ${backend}`, (t) => {
    onBackend(backend, () => {
      for (const referenceCase of cases.filter(appliesToKlEndpoints)) {
        const student = caseTensor(referenceCase, 'student_logits', true);
        const labels = caseLabels(referenceCase);
        const loss = distillationLoss(student, caseTensor(referenceCase, 'teacher_logits'), {
          temperature: referenceCase.params.temperature as number,
          beta: referenceCase.params.beta as number,
          ignoreIndex: referenceCase.params.ignore_index as number,
          ...(labels ? { labels } : {}),
        });
        loss.backward(tensor(referenceCase.params.grad_output as number));

        t.is(firstMismatch([loss.item()], [referenceCase.expected.loss], referenceCase.tolerance.loss), null, `${referenceCase.name} loss`);
        t.is(firstMismatch(student.grad!.data, referenceCase.expected.grad, referenceCase.tolerance.grad), null, `${referenceCase.name} grad`);
      }
    });
  });
}

// 'auto' runs too, because float32 losses take the separate fast path there.
for (const backend of [...backends, 'auto'] as const) {
  test.serial(`distillationLoss empty batch on ${backend}`, (t) => {
    onBackend(backend, () => {
      const student = zeros([0, 3], { requiresGrad: true });
      const loss = distillationLoss(student, zeros([0, 3]), { temperature: 2, labels: [], alpha: 0.5 });
      loss.backward();
      t.is(loss.item(), 0);
      t.deepEqual(student.grad!.shape, [0, 3]);
    });
  });
}

test.serial('distillationLoss mixes hard labels', (t) => {
  setBackend('cpu');
  const student = [
    [2, 0.5, -1],
    [0, 1, 0.5],
  ];
  const teacher = tensor([
    [3, 0, -2],
    [0.5, 0.5, 2],
  ]);
  const labels = [0, 2];

  const soft = distillationLoss(tensor(student), teacher, { temperature: 2 }).item();
  const hard = crossEntropy(tensor(student), labels).item();
  const mixed = distillationLoss(tensor(student), teacher, { temperature: 2, labels, alpha: 0.3 }).item();
  const scaled = distillationLoss(tensor(student), teacher, { temperature: 2, scaleByTemperatureSquared: true }).item();

  t.true(Math.abs(mixed - (0.7 * soft + 0.3 * hard)) < 1e-6);
  t.true(Math.abs(scaled - 4 * soft) < 1e-6);
  setBackend('auto');
});

test('distillationLoss rejects bad options', (t) => {
  const logits = tensor([[1, 2]]);
  t.regex(t.throws(() => distillationLoss(logits, logits, { temperature: 0 })).message, /distillationLoss: temperature must be a positive finite number, got 0/);
  t.regex(t.throws(() => distillationLoss(logits, logits, { alpha: 0.5 })).message, /distillationLoss: alpha is 0.5 but labels is missing/);
  t.regex(t.throws(() => distillationLoss(logits, logits, { alpha: 2, labels: [0] })).message, /distillationLoss: alpha must be a number in \[0, 1\], got 2/);
  t.regex(t.throws(() => distillationLoss(logits, tensor([[1, 2, 3]]))).message, /distillationLoss: teacherLogits has shape \[1,3\] but studentLogits has shape \[1,2\]/);
  t.regex(t.throws(() => distillationLoss(zeros([1, 0]), zeros([1, 0]))).message, /distillationLoss: studentLogits has shape \[1,0\], so its vocabulary size/);
  t.regex(
    t.throws(() => distillationLoss(logits, logits, { temprature: 2 } as DistillationLossOptions)).message,
    /distillationLoss: unknown option "temprature"; valid options are temperature, beta, labels, alpha, ignoreIndex, scaleByTemperatureSquared$/,
  );
});

test('distillationLoss rejects bad values', (t) => {
  const logits = tensor([
    [1, 2, 3],
    [0, 1, 0],
  ]);
  const withNaN = tensor([
    [1, 2, 3],
    [0, NaN, 0],
  ]);
  const cases: [() => unknown, RegExp][] = [
    [() => distillationLoss(withNaN, logits), /distillationLoss: studentLogits contains NaN at \[1, 1\]; check the model output/],
    [() => distillationLoss(logits, withNaN), /distillationLoss: teacherLogits contains NaN at \[1, 1\]/],
    [() => distillationLoss(logits, withNaN, { labels: [0, -100] }), /distillationLoss: teacherLogits contains NaN at \[1, 1\]/],
    [() => distillationLoss(logits, logits, { labels: [0, 3], alpha: 0.5 }), /distillationLoss: labels\[1\] is 3, outside \[0, 3\)/],
    [() => distillationLoss(logits, logits, { labels: [0, 0.5] }), /distillationLoss: labels\[1\] is 0.5, not an integer/],
  ];
  for (const [call, message] of cases) t.regex(t.throws(call).message, message);
});
