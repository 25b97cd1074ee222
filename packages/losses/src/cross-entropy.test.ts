import test from 'ava';

import { setBackend, tensor, zeros } from '@fusegrad/core';

import { crossEntropy, type CrossEntropyOptions } from './cross-entropy.js';
import { firstMismatch, loadReferenceCases } from './fixtures.js';
import { availableTestBackends } from './test-backends.js';
import { caseLabels, caseTensor, onBackend, synchronousBackends } from './test-helpers.js';

const backends = synchronousBackends(await availableTestBackends());
const cases = loadReferenceCases('cross_entropy.json');

for (const backend of backends) {
  test.serial(`crossEntropy fixtures on ${backend}`, (t) => {
    onBackend(backend, () => {
      for (const referenceCase of cases) {
        const logits = caseTensor(referenceCase, 'logits', true);
        const loss = crossEntropy(logits, caseLabels(referenceCase, 'targets')!, { ignoreIndex: referenceCase.params.ignore_index as number });
        loss.backward(tensor(referenceCase.params.grad_output as number));

        t.is(firstMismatch([loss.item()], [referenceCase.expected.loss], referenceCase.tolerance.loss), null, `${referenceCase.name} loss`);
        t.is(firstMismatch(logits.grad!.data, referenceCase.expected.grad, referenceCase.tolerance.grad), null, `${referenceCase.name} grad`);
      }
    });
  });
}

// 'auto' runs too, because float32 losses take the separate fast path there.
for (const backend of [...backends, 'auto'] as const) {
  test.serial(`crossEntropy empty batch on ${backend}`, (t) => {
    onBackend(backend, () => {
      const logits = zeros([0, 3], { requiresGrad: true });
      const loss = crossEntropy(logits, []);
      loss.backward();
      t.deepEqual(loss.shape, []);
      t.is(loss.item(), 0);
      t.deepEqual(logits.grad!.shape, [0, 3]);

      const perRow = crossEntropy(zeros([0, 3]), [], { reduction: 'none' });
      t.deepEqual(perRow.shape, [0]);
    });
  });
}

// The fast path under 'auto' finds NaN inside its kernels, the others scan first: both name the first one.
for (const backend of [...backends, 'auto'] as const) {
  test.serial(`crossEntropy reports the first NaN on ${backend}`, (t) => {
    onBackend(backend, () => {
      const logits = tensor([
        [0, 1, 2],
        [3, NaN, NaN],
        [NaN, 0, 0],
      ]);
      t.regex(t.throws(() => crossEntropy(logits, [0, 1, 2])).message, /^crossEntropy: logits contains NaN at \[1, 1\]; /);
      t.regex(t.throws(() => crossEntropy(logits, [0, -100, 2])).message, /^crossEntropy: logits contains NaN at \[1, 1\]; /);
      // Infinities of opposite signs make the row sum NaN without any NaN logit.
      t.notThrows(() => crossEntropy(tensor([[Infinity, -Infinity, 0]]), [2]));
    });
  });
}

test.serial('crossEntropy reductions', (t) => {
  setBackend('cpu');
  const rows = [
    [2, 0, -1],
    [0.5, 0.5, 3],
    [1, 1, 1],
  ];
  const targets = [0, 2, -100];
  const rowLoss = (values: number[], target: number) => Math.log(values.reduce((sum, value) => sum + Math.exp(value), 0)) - values[target]!;
  const expected = [rowLoss(rows[0]!, 0), rowLoss(rows[1]!, 2)];

  const sum = crossEntropy(tensor(rows), targets, { reduction: 'sum' }).item();
  const mean = crossEntropy(tensor(rows), targets).item();
  const perRow = crossEntropy(tensor(rows), targets, { reduction: 'none' });
  t.true(Math.abs(sum - (expected[0]! + expected[1]!)) < 1e-6);
  t.true(Math.abs(mean - (expected[0]! + expected[1]!) / 2) < 1e-6);
  t.deepEqual(perRow.shape, [3]);
  t.true(Math.abs(perRow.data[0]! - expected[0]!) < 1e-6);
  t.true(Math.abs(perRow.data[1]! - expected[1]!) < 1e-6);
  t.is(perRow.data[2], 0);
  setBackend('auto');
});

test.serial('crossEntropy float64 matches float32', (t) => {
  setBackend('cpu');
  const values = [
    [2, 0, -1, 0.25],
    [0.5, 0.5, 3, -2],
  ];
  const float32 = tensor(values, { requiresGrad: true });
  const float64 = tensor(values, { dtype: 'float64', requiresGrad: true });
  const loss32 = crossEntropy(float32, [1, 3], { labelSmoothing: 0.1 });
  const loss64 = crossEntropy(float64, [1, 3], { labelSmoothing: 0.1 });
  loss32.backward();
  loss64.backward();

  t.is(loss64.dtype, 'float64');
  t.true(Math.abs(loss32.item() - loss64.item()) < 1e-6);
  t.is(firstMismatch(float32.grad!.data, float64.grad!.data, { rtol: 1e-5, atol: 1e-7 }), null);
  setBackend('auto');
});

test('crossEntropy rejects bad input', (t) => {
  const logits = tensor([[1, 2, 3]]);
  const cases: [() => unknown, RegExp][] = [
    [() => crossEntropy(tensor([1, 2, 3]), [0]), /crossEntropy: logits must be 2-D \[rows, vocabSize\], got shape \[3\]/],
    [() => crossEntropy(logits, [0, 1]), /crossEntropy: targets has 2 entries but the input has 1 row; pass one label per row/],
    [() => crossEntropy(logits, [3]), /crossEntropy: targets\[0\] is 3, outside \[0, 3\)/],
    [() => crossEntropy(logits, [1.5]), /crossEntropy: targets\[0\] is 1.5, not an integer/],
    [() => crossEntropy(logits, tensor([[0]])), /crossEntropy: targets must be 1-D \[rows\], got shape \[1,1\]/],
    [() => crossEntropy(logits, 'a' as unknown as number[]), /crossEntropy: targets must be a Tensor or an array of integers, got 'a'/],
    [() => crossEntropy(logits, [0], { labelSmoothing: 2 }), /crossEntropy: labelSmoothing must be a number in \[0, 1\], got 2/],
    [() => crossEntropy(tensor([[NaN, 0, 0]]), [0]), /crossEntropy: logits contains NaN at \[0, 0\]/],
    [() => crossEntropy(tensor([[0, 0, 0], [0, NaN, 0]]), [0, -100]), /crossEntropy: logits contains NaN at \[1, 1\]/],
    [() => crossEntropy(zeros([2, 0]), [0, 0]), /crossEntropy: logits has shape \[2,0\], so its vocabulary size \(last dimension\) is 0/],
    [
      () => crossEntropy(logits, [0], { ignoreIndx: 1 } as CrossEntropyOptions),
      /crossEntropy: unknown option "ignoreIndx"; valid options are ignoreIndex, reduction, labelSmoothing$/,
    ],
  ];
  for (const [call, message] of cases) t.regex(t.throws(call).message, message);
});
