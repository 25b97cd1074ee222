import test from 'ava';

import { tensor, zeros } from '@fusegrad/core';

import { firstMismatch, loadReferenceCases } from './fixtures.js';
import { klDiv, type KLDivOptions } from './kl-div.js';
import { caseTensor } from './test-helpers.js';

const cases = loadReferenceCases('kl_div.json');

test('klDiv fixtures', (t) => {
  for (const referenceCase of cases) {
    const input = caseTensor(referenceCase, 'X', true);
    const loss = klDiv(input, caseTensor(referenceCase, 'Y'), { reduction: 'batchmean', logTarget: true });
    loss.backward(tensor(referenceCase.params.grad_output as number));

    t.is(firstMismatch([loss.item()], [referenceCase.expected.loss], referenceCase.tolerance.loss), null, `${referenceCase.name} loss`);
    t.is(firstMismatch(input.grad!.data, referenceCase.expected.grad, referenceCase.tolerance.grad), null, `${referenceCase.name} grad`);
  }
});

test('klDiv reductions follow PyTorch', (t) => {
  // P = [[0.6, 0.4], [0.5, 0.5]] against Q = [[0.3, 0.7], [0.5, 0.5]]: the rows' KL are 0.1920420 and 0.
  const input = tensor([
    [Math.log(0.3), Math.log(0.7)],
    [Math.log(0.5), Math.log(0.5)],
  ]);
  const target = tensor([
    [0.6, 0.4],
    [0.5, 0.5],
  ]);
  const rowKl = 0.6 * Math.log(2) + 0.4 * Math.log(0.4 / 0.7);

  t.true(Math.abs(klDiv(input, target).item() - rowKl / 4) < 1e-7, 'mean over elements');
  t.true(Math.abs(klDiv(input, target, { reduction: 'batchmean' }).item() - rowKl / 2) < 1e-7);
  t.true(Math.abs(klDiv(input, target, { reduction: 'sum' }).item() - rowKl) < 1e-7);
  const pointwise = klDiv(input, target, { reduction: 'none' });
  t.deepEqual(pointwise.shape, [2, 2]);
  t.true(Math.abs(pointwise.data[0]! - 0.6 * Math.log(2)) < 1e-7);
});

test('klDiv zero target contributes nothing', (t) => {
  const input = tensor([[-Infinity, 0]], { requiresGrad: true });
  const loss = klDiv(input, tensor([[0, 1]]), { reduction: 'sum' });
  loss.backward();
  t.is(loss.item(), 0);
  t.deepEqual(Array.from(input.grad!.data), [-0, -1]);
});

test('klDiv target gradient', (t) => {
  const input = tensor([[Math.log(0.3), Math.log(0.7)]]);
  const target = tensor([[0.6, 0.4]], { requiresGrad: true });
  klDiv(input, target, { reduction: 'sum' }).backward();
  t.true(Math.abs(target.grad!.data[0]! - (Math.log(0.6) - Math.log(0.3) + 1)) < 1e-6);
  t.true(Math.abs(target.grad!.data[1]! - (Math.log(0.4) - Math.log(0.7) + 1)) < 1e-6);
});

test('klDiv rejects bad input', (t) => {
  const input = tensor([[Math.log(0.3), Math.log(0.7)]]);
  const cases: [() => unknown, RegExp][] = [
    [() => klDiv(tensor([[0, 0]]), tensor([[0, 0, 0]])), /klDiv: target has shape \[1,3\] but input has shape \[1,2\]/],
    [() => klDiv(tensor([[0]]), tensor([[0]]), { reduction: 'avg' as 'sum' }), /klDiv: reduction must be one of 'mean', 'batchmean', 'sum', 'none', got 'avg'/],
    [() => klDiv(tensor([[NaN, 0]]), tensor([[0.5, 0.5]])), /klDiv: input contains NaN at \[0, 0\]; check the model output/],
    [() => klDiv(input, tensor([[0.5, NaN]])), /klDiv: target contains NaN at \[0, 1\]; check the model output/],
    [() => klDiv(input, tensor([[0.5, NaN]]), { logTarget: true }), /klDiv: target contains NaN at \[0, 1\]/],
    [() => klDiv(zeros([2, 0]), zeros([2, 0])), /klDiv: input has shape \[2,0\], so its vocabulary size \(last dimension\) is 0/],
    [
      () => klDiv(input, input, { log_target: true } as KLDivOptions),
      /klDiv: unknown option "log_target"; valid options are reduction, logTarget$/,
    ],
  ];
  for (const [call, message] of cases) t.regex(t.throws(call).message, message);
});

test('klDiv rejects log-probability target', (t) => {
  // Log-probabilities passed as probabilities, where PyTorch returns NaN.
  const input = tensor([[Math.log(0.3), Math.log(0.7)]]);
  const target = tensor([[0.6, 0.4]]).log();
  const error = t.throws(() => klDiv(input, target, { reduction: 'batchmean' }));
  t.regex(error.message, /klDiv: target is -0\.51\d* at \[0, 0\], but a probability cannot be negative/);
  t.regex(error.message, /pass \{ logTarget: true \}$/);
  t.true(Math.abs(klDiv(input, target, { reduction: 'batchmean', logTarget: true }).item() - 0.192042) < 1e-6);
});

test('klDiv empty batch', (t) => {
  const input = zeros([0, 3], { requiresGrad: true });
  const loss = klDiv(input, zeros([0, 3]), { reduction: 'batchmean' });
  loss.backward();
  t.is(loss.item(), 0);
  t.deepEqual(input.grad!.shape, [0, 3]);
  t.deepEqual(klDiv(zeros([0, 3]), zeros([0, 3]), { reduction: 'none' }).shape, [0, 3]);
});
