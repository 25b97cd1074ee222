import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import test from 'ava';

import { backendInfo, setBackend, tensor, zeros, type Tensor } from '@fusegrad/core';

import { scaleCachedGradient } from '../cached-gradient.js';
import { firstMismatch, loadReferenceCases } from '../fixtures.js';
import { availableTestBackends } from '../test-backends.js';
import { appliesToKlEndpoints, caseLabels, caseTensor, onBackend, synchronousBackends } from '../test-helpers.js';
import type { JsdOptions } from './jsd-function.js';
import { JSD, type JsdModuleOptions } from './jsd-module.js';
import { jsdUnfused } from './jsd-unfused.js';
import { jsd } from './jsd.js';

const backends = synchronousBackends(await availableTestBackends());
const cases = loadReferenceCases('jsd.json');
const ln = Math.log;

function known(beta: number, student = [ln(0.3), ln(0.7)], teacher = [ln(0.6), ln(0.4)]) {
  const input = tensor([student], { requiresGrad: true });
  const loss = jsd(input, tensor([teacher]), { beta });
  loss.backward();
  return { loss: loss.item(), grad: Array.from(input.grad!.data) };
}

for (const backend of backends) {
  test.serial(`jsd known values on ${backend}`, (t) => {
    onBackend(backend, () => {
      const expected: [number, number][] = [
        [0, 0.192042],
        [0.1, 0.0170996],
        [0.5, 0.0462008],
        [0.9, 0.016518],
        [1, 0.1837869],
      ];
      for (const [beta, loss] of expected) t.true(Math.abs(known(beta).loss - loss) < 5e-7, `beta ${beta}`);

      const padded = known(0.5, [ln(0.3), ln(0.7), -200], [ln(0.6), ln(0.4), -200]);
      t.true(Math.abs(padded.loss - 0.0462008) < 5e-7, 'loss with a -200 column');
      t.true(Math.abs(padded.grad[0]! - -0.0608198) < 5e-7, 'grad[0]');
      t.true(Math.abs(padded.grad[1]! - 0.0844067) < 5e-7, 'grad[1]');
      t.is(padded.grad[2], 0);

      const x = [ln(0.3), ln(0.7)];
      const y = [ln(0.6), ln(0.4)];
      const rows = jsd(tensor([x, y, x]), tensor([y, x, x]), { labels: [5, -100, 7] });
      t.true(Math.abs(rows.item() - 0.0231004) < 5e-7, 'three rows with an ignored one');
    });
  });

  test.serial(`jsd fixtures on ${backend}`, (t) => {
    onBackend(backend, () => {
      for (const referenceCase of cases.filter(appliesToKlEndpoints)) {
        const input = caseTensor(referenceCase, 'X', true);
        const target = caseTensor(referenceCase, 'Y');
        const labels = caseLabels(referenceCase);
        const gradOutput = referenceCase.params.grad_output as number;

        const loss = jsd(input, target, {
          beta: referenceCase.params.beta as number,
          ignoreIndex: referenceCase.params.ignore_index as number,
          ...(labels ? { labels } : {}),
        });
        loss.backward(tensor(gradOutput));

        t.is(firstMismatch([loss.item()], [referenceCase.expected.loss], referenceCase.tolerance.loss), null, `${referenceCase.name} loss`);
        t.is(firstMismatch(input.grad!.data, referenceCase.expected.grad, referenceCase.tolerance.grad), null, `${referenceCase.name} grad`);
      }
    });
  });

  test.serial(`jsd backendInfo on ${backend}`, (t) => {
    onBackend(backend, () => {
      jsd(tensor([[ln(0.5), ln(0.5)]]), tensor([[ln(0.9), ln(0.1)]]));
      const info = backendInfo();
      t.is(info.selected, backend);
      t.is(info.active, backend);
      t.false(info.fellBack);
    });
  });
}

// 'auto' runs too, because float32 losses take the separate fast path there.
for (const backend of [...backends, 'auto'] as const) {
  test.serial(`jsd empty batch on ${backend}`, (t) => {
    onBackend(backend, () => {
      const input = zeros([0, 3], { requiresGrad: true });
      const loss = jsd(input, zeros([0, 3]));
      loss.backward();
      t.deepEqual(loss.shape, []);
      t.is(loss.item(), 0);
      t.deepEqual(input.grad!.shape, [0, 3]);

      const perRow = jsd(zeros([0, 3]), zeros([0, 3]), { reduction: 'none' });
      t.deepEqual(perRow.shape, [0]);
    });
  });
}

test.serial('jsd reductions', (t) => {
  setBackend('cpu');
  const x = [ln(0.3), ln(0.7)];
  const y = [ln(0.6), ln(0.4)];
  const rowLoss = 0.0462008;
  const input = () => tensor([x, y, x], { requiresGrad: true });
  const target = tensor([y, x, x]);
  const labels = [1, 2, -100];

  t.true(Math.abs(jsd(input(), target, { labels, reduction: 'sum' }).item() - 2 * rowLoss) < 1e-6);
  t.true(Math.abs(jsd(input(), target, { labels, reduction: 'mean' }).item() - rowLoss / 2) < 1e-6);
  t.true(Math.abs(jsd(input(), target, { labels, reduction: 'batchmean' }).item() - rowLoss) < 1e-6);

  const perRowInput = input();
  const perRow = jsd(perRowInput, target, { labels, reduction: 'none' });
  t.deepEqual(perRow.shape, [3]);
  t.true(Math.abs(perRow.data[0]! - rowLoss) < 1e-6);
  t.true(Math.abs(perRow.data[1]! - rowLoss) < 1e-6);
  t.is(perRow.data[2], 0);

  // Each row's gradient is scaled by its own upstream value.
  const sumInput = input();
  jsd(sumInput, target, { labels, reduction: 'sum' }).backward();
  perRow.backward(tensor([2, -3, 5]));
  for (let column = 0; column < 2; column++) {
    t.true(Math.abs(perRowInput.grad!.data[column]! - 2 * sumInput.grad!.data[column]!) < 1e-7);
    t.true(Math.abs(perRowInput.grad!.data[2 + column]! - -3 * sumInput.grad!.data[2 + column]!) < 1e-7);
    t.is(perRowInput.grad!.data[4 + column], 0);
  }
  setBackend('auto');
});

test.serial('jsd all rows ignored', (t) => {
  setBackend('cpu');
  const input = tensor([[ln(0.3), ln(0.7)]], { requiresGrad: true });
  const loss = jsd(input, tensor([[ln(0.6), ln(0.4)]]), { labels: [-100] });
  loss.backward();
  t.is(loss.item(), 0);
  t.deepEqual(Array.from(input.grad!.data), [0, 0]);
  setBackend('auto');
});

test.serial('jsd float64 inputs', (t) => {
  const input = tensor(new Float64Array([ln(0.3), ln(0.7)]), { shape: [1, 2], requiresGrad: true });
  const loss = jsd(input, tensor(new Float64Array([ln(0.6), ln(0.4)]), { shape: [1, 2] }));
  loss.backward();
  t.is(loss.dtype, 'float64');
  t.is(input.grad!.dtype, 'float64');
  t.true(Math.abs(loss.item() - 0.04620082918151349) < 1e-12);
});

test('jsd cached gradient returned at 1', (t) => {
  const gradient = tensor([[0.5, -0.5]]);
  t.is(scaleCachedGradient(gradient, tensor(1), 'batchmean'), gradient);
  t.is(scaleCachedGradient(gradient, tensor([1]), 'none'), gradient);

  const scaled = scaleCachedGradient(gradient, tensor(3), 'batchmean');
  t.not(scaled, gradient);
  t.deepEqual(Array.from(scaled.data), [1.5, -1.5]);
  t.deepEqual(Array.from(gradient.data), [0.5, -0.5]);
});

test('jsd once differentiable', (t) => {
  const input = tensor([[ln(0.3), ln(0.7)]], { requiresGrad: true });
  const loss = jsd(input, tensor([[ln(0.6), ln(0.4)]]));
  loss.backward(undefined, { createGraph: true });
  const error = t.throws(() => (input.grad as Tensor).sum().backward());
  t.regex(error.message, /JSDFunction/);
});

test('jsd rejects bad input', (t) => {
  const good = tensor([[ln(0.5), ln(0.5)]]);
  const cases: [() => unknown, RegExp][] = [
    [() => jsd(tensor([ln(0.5), ln(0.5)]), good), /jsd: input must be 2-D \[rows, vocabSize\], got shape \[2\]/],
    [() => jsd(good, tensor([[0, 0, 0]])), /jsd: target has shape \[1,3\] but input has shape \[1,2\]/],
    [() => jsd(good, good, { labels: [1, 2] }), /jsd: labels has 2 entries but the input has 1 row; pass one label per row/],
    [() => jsd(good, good, { labels: [0.5] }), /jsd: labels\[0\] is 0.5, not an integer/],
    [() => jsd(tensor([[NaN, 0]]), good), /jsd: input contains NaN at \[0, 0\]/],
    [() => jsd(good, tensor([[0, NaN]])), /jsd: target contains NaN at \[0, 1\]; check the model output/],
    [() => jsd(good, tensor([[0, NaN]]), { labels: [-100] }), /jsd: target contains NaN at \[0, 1\]/],
    [() => jsd(zeros([2, 0]), zeros([2, 0])), /jsd: input has shape \[2,0\], so its vocabulary size \(last dimension\) is 0/],
    [() => jsd(good, good, { bta: 0.1 } as JsdOptions), /jsd: unknown option "bta"; valid options are beta, labels, ignoreIndex, reduction$/],
    [() => jsd(good, good, null as unknown as JsdOptions), /jsd: options must be an object such as \{ reduction: 'sum' \}, got null/],
    [() => jsd(good, good, { beta: 1.5 }), /jsd: beta must be a finite number in \[0, 1\], got 1.5/],
    [() => jsd(good, good, { beta: NaN }), /jsd: beta must be a finite number in \[0, 1\], got NaN/],
    [() => jsd(good, good, { reduction: 'avg' as 'sum' }), /jsd: reduction must be one of 'batchmean', 'sum', 'mean', 'none', got 'avg'/],
    [() => jsd([[0, 0]] as unknown as Tensor, good), /jsd: input must be a Tensor, got Array/],
  ];
  for (const [call, message] of cases) t.regex(t.throws(call).message, message);
});

// The fast path under 'auto' finds NaN inside its kernels, the others scan first: both name the first one.
for (const backend of [...backends, 'auto'] as const) {
  test.serial(`jsd reports the first NaN on ${backend}`, (t) => {
    onBackend(backend, () => {
      const half = ln(0.5);
      const input = tensor([
        [half, half],
        [half, NaN],
      ]);
      const target = tensor([
        [half, half],
        [NaN, half],
      ]);
      const clean = tensor([
        [half, half],
        [half, half],
      ]);
      for (const beta of [0, 0.5, 1]) {
        t.regex(t.throws(() => jsd(input, target, { beta })).message, /^jsd: target contains NaN at \[1, 0\]; /, `beta ${beta}`);
        t.regex(t.throws(() => jsd(input, clean, { beta, labels: [0, -100] })).message, /^jsd: input contains NaN at \[1, 1\]; /);
      }
      t.true(Number.isFinite(jsd(clean, clean).item()), 'a clean call after the errors');
    });
  });
}

test('jsd names itself when headlessgl cannot run', (t) => {
  // A child process without DISPLAY has no X server, so the headlessgl backend cannot start there.
  const script = [
    "import { setBackend, tensor } from '@fusegrad/core';",
    "import { jsd } from './jsd.js';",
    "setBackend('headlessgl');",
    'try { jsd(tensor([[0]]), tensor([[0]])); console.log("no error"); } catch (error) { console.log(error.message); }',
  ].join('\n');
  const { DISPLAY: _display, ...environment } = process.env;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    env: environment,
    encoding: 'utf8',
    timeout: 60_000,
  });
  t.is(child.status, 0, child.stderr);
  t.regex(child.stdout, /^jsd: headlessgl backend: unavailable because .*xvfb-run/);
});

test('jsdUnfused rejects bad input', (t) => {
  const good = tensor([[ln(0.5), ln(0.5)]]);
  t.regex(t.throws(() => jsdUnfused(good, tensor([[0, NaN]]))).message, /jsdUnfused: target contains NaN at \[0, 1\]/);
  t.regex(t.throws(() => jsdUnfused(good, good, { bta: 0.1 } as JsdOptions)).message, /jsdUnfused: unknown option "bta"/);
  t.regex(t.throws(() => jsdUnfused(zeros([1, 0]), zeros([1, 0]))).message, /jsdUnfused: input has shape \[1,0\]/);
});

test('jsdUnfused empty batch', (t) => {
  const input = zeros([0, 3], { requiresGrad: true });
  const loss = jsdUnfused(input, zeros([0, 3]));
  loss.backward();
  t.is(loss.item(), 0);
  t.deepEqual(input.grad!.shape, [0, 3]);
});

test('jsd leaves inputs unchanged', (t) => {
  const input = tensor([[ln(0.3), ln(0.7)]], { requiresGrad: true });
  const target = tensor([[ln(0.6), ln(0.4)]]);
  const before = [Array.from(input.data), Array.from(target.data)];
  jsd(input, target).backward(tensor(2));
  t.deepEqual([Array.from(input.data), Array.from(target.data)], before);
});

test('JSD module applies its options', (t) => {
  const module = new JSD({ beta: 0.1 });
  const x = [ln(0.3), ln(0.7)];
  const y = [ln(0.6), ln(0.4)];
  t.true(Math.abs(module.call(tensor([x]), tensor([y])).item() - 0.0170996) < 5e-7);
  t.is(module.call(tensor([x]), tensor([y]), [-100]).item(), 0);
});

test('JSD module rejects unknown options', (t) => {
  const error = t.throws(() => new JSD({ labels: [0] } as JsdModuleOptions));
  t.regex(error.message, /JSD: unknown option "labels"; valid options are beta, ignoreIndex, reduction$/);
});
