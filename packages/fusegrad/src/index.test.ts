import test from 'ava';
import fc from 'fast-check';

import * as fusegrad from './index.js';
import { Adam, add, jsd, Linear, logSoftmax, mul, randn, setBackend, softmax, sum, tensor } from './index.js';

// The names that the README, the guides and users' programs import from the umbrella package.
const publicNames = [
  'tensor', 'zeros', 'ones', 'randn', 'Tensor', 'memory', 'resetPeakMemory', 'tidy', 'manualSeed', 'Generator',
  'setBackend', 'getBackend', 'backendInfo', 'kernels',
  'Function', 'FunctionCtx', 'noGrad', 'enableGrad', 'gradcheck', 'backward', 'add', 'matmul', 'logSoftmax',
  'Module', 'Linear', 'MLP', 'Embedding', 'SGD', 'Adam', 'AdamW', 'clipGradNorm', 'saveSafetensors', 'loadSafetensors',
  'jsd', 'JSD', 'JSDFunction', 'jsdUnfused', 'klDiv', 'crossEntropy', 'distillationLoss', 'fusedLinearJSD',
];

for (const name of publicNames) {
  test(`umbrella exports ${name}`, (t) => {
    t.not((fusegrad as Record<string, unknown>)[name], undefined);
  });
}

test('umbrella installs tensor methods', (t) => {
  const x = tensor([1, 2, 3], { requiresGrad: true });

  x.mul(x).sum().backward();

  t.deepEqual(Array.from(x.grad!.toFloat32Array()), [2, 4, 6]);
});

test('umbrella trains a student with jsd', (t) => {
  setBackend('cpu');
  const student = new Linear(6, 4);
  const optimizer = new Adam(student.parameters(), { lr: 0.05 });
  const inputs = randn([8, 6]);
  const teacherLogProbs = logSoftmax(randn([8, 4]), -1);

  const losses: number[] = [];
  for (let step = 0; step < 20; step++) {
    optimizer.zeroGrad();
    const loss = jsd(logSoftmax(student.call(inputs), -1), teacherLogProbs);
    loss.backward();
    optimizer.step();
    losses.push(loss.item());
  }

  t.true(losses[19]! < losses[0]! * 0.8, `loss went from ${losses[0]} to ${losses[19]}`);
});

test('methods match function forms', (t) => {
  const shape = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 });
  const values = (dims: number[]) =>
    fc.array(fc.float({ min: -4, max: 4, noNaN: true }), { minLength: dims.reduce((a, b) => a * b, 1), maxLength: dims.reduce((a, b) => a * b, 1) });

  fc.assert(
    fc.property(
      shape.chain((dims) => fc.tuple(fc.constant(dims), values(dims), values(dims))),
      ([dims, xValues, yValues]) => {
        const x = tensor(xValues, { shape: dims });
        const y = tensor(yValues, { shape: dims });

        t.deepEqual(x.add(y).toFloat32Array(), add(x, y).toFloat32Array());
        t.deepEqual(x.mul(y).sum().toFloat32Array(), sum(mul(x, y)).toFloat32Array());
        t.deepEqual(x.softmax(-1).toFloat32Array(), softmax(x, -1).toFloat32Array());
      },
    ),
  );
});
