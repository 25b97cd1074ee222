import test, { type ExecutionContext } from 'ava';

import { Tensor, tensor } from '@fusegrad/core';

import { Parameter } from '../module/parameter.js';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';
import { SGD } from './sgd.js';

function parameter(values: number[]): Parameter {
  return new Parameter(tensor(new Float64Array(values)));
}

function setGrad(param: Tensor, values: number[]): void {
  param.grad = tensor(new Float64Array(values));
}

function assertClose(t: ExecutionContext, actual: Tensor, expected: number[], tolerance = 1e-12): void {
  t.is(actual.size, expected.length);
  expected.forEach((value, i) => {
    const difference = Math.abs(actual.data[i]! - value);
    t.true(difference <= tolerance, `element ${i}: got ${actual.data[i]}, expected ${value}`);
  });
}

test('sgd plain step', (t) => {
  const p = parameter([1, -2]);
  const optimizer = new SGD([p], { lr: 0.1 });
  setGrad(p, [0.5, 1]);
  optimizer.step();
  // p - lr * g = [1 - 0.05, -2 - 0.1]
  assertClose(t, p, [0.95, -2.1]);
});

test('sgd momentum two steps', (t) => {
  const p = parameter([1, -2]);
  const optimizer = new SGD([p], { lr: 0.1, momentum: 0.9 });

  setGrad(p, [0.5, 1]);
  optimizer.step();
  // buf = g = [0.5, 1]; p = [1 - 0.05, -2 - 0.1]
  assertClose(t, p, [0.95, -2.1]);

  setGrad(p, [-1, 2]);
  optimizer.step();
  // buf = 0.9 * [0.5, 1] + [-1, 2] = [-0.55, 2.9]; p = [0.95 + 0.055, -2.1 - 0.29]
  assertClose(t, p, [1.005, -2.39]);
});

test('sgd nesterov two steps', (t) => {
  const p = parameter([1, -2]);
  const optimizer = new SGD([p], { lr: 0.1, momentum: 0.9, nesterov: true });

  setGrad(p, [0.5, 1]);
  optimizer.step();
  // buf = [0.5, 1]; d = g + 0.9 * buf = [0.95, 1.9]; p = [1 - 0.095, -2 - 0.19]
  assertClose(t, p, [0.905, -2.19]);

  setGrad(p, [-1, 2]);
  optimizer.step();
  // buf = [-0.55, 2.9]; d = [-1 - 0.495, 2 + 2.61] = [-1.495, 4.61]; p = [0.905 + 0.1495, -2.19 - 0.461]
  assertClose(t, p, [1.0545, -2.651]);
});

test('sgd weight decay and dampening', (t) => {
  const p = parameter([1, -2]);
  const optimizer = new SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.5, weightDecay: 0.1 });

  setGrad(p, [0.5, 1]);
  optimizer.step();
  // d = g + 0.1 * p = [0.6, 0.8]; the first buf is d, undamped; p = [1 - 0.06, -2 - 0.08]
  assertClose(t, p, [0.94, -2.08]);

  setGrad(p, [-1, 2]);
  optimizer.step();
  // d = [-1 + 0.094, 2 - 0.208] = [-0.906, 1.792]
  // buf = 0.9 * [0.6, 0.8] + 0.5 * d = [0.087, 1.616]; p = [0.94 - 0.0087, -2.08 - 0.1616]
  assertClose(t, p, [0.9313, -2.2416]);
});

test('adam bias correction', (t) => {
  const p = parameter([1]);
  const optimizer = new Adam([p], { lr: 0.1 });

  setGrad(p, [0.5]);
  optimizer.step();
  // m = 0.1 * 0.5 = 0.05, v = 0.001 * 0.25 = 0.00025
  // p = 1 - (0.1 / (1 - 0.9)) * 0.05 / (sqrt(0.00025) / sqrt(1 - 0.999) + 1e-8) = 1 - 0.05 / 0.50000001
  assertClose(t, p, [0.900000002]);

  setGrad(p, [-1]);
  optimizer.step();
  // m = 0.9 * 0.05 - 0.1 = -0.055, v = 0.999 * 0.00025 + 0.001 = 0.00124975
  // p = 0.900000002 + (0.1 / 0.19) * 0.055 / (sqrt(0.00124975) / sqrt(0.001999) + 1e-8)
  assertClose(t, p, [0.9366103542405654]);
});

test('adam l2 weight decay', (t) => {
  const p = parameter([1]);
  const optimizer = new Adam([p], { lr: 0.1, weightDecay: 0.1 });

  setGrad(p, [0.5]);
  optimizer.step();
  // g = 0.5 + 0.1 * 1 = 0.6; m = 0.06, v = 0.00036; p = 1 - 0.06 / (0.6 + 1e-8)
  assertClose(t, p, [0.9000000016666666]);

  setGrad(p, [-1]);
  optimizer.step();
  // g = -1 + 0.1 * 0.9000000016666666 = -0.90999999983; m = 0.054 + 0.1 * g, v = 0.999 * 0.00036 + 0.001 * g^2
  // p = 0.9000000016666666 - (0.1 / 0.19) * m / (sqrt(v) / sqrt(0.001999) + 1e-8)
  assertClose(t, p, [0.9252635194456061]);
});

test('adamw decoupled decay', (t) => {
  const p = parameter([1]);
  const optimizer = new AdamW([p], { lr: 0.1, weightDecay: 0.1 });

  setGrad(p, [0.5]);
  optimizer.step();
  // p = 1 * (1 - 0.1 * 0.1) = 0.99, then the Adam step of 'adam bias correction': 0.99 - 0.05 / 0.50000001
  assertClose(t, p, [0.890000002]);

  setGrad(p, [-1]);
  optimizer.step();
  // p = 0.890000002 * 0.99 = 0.88110000198, then + 0.0366103522405654 as in the Adam case
  assertClose(t, p, [0.9177103542205653]);
});

test('adamw default weight decay', (t) => {
  const optimizer = new AdamW([parameter([1])]);
  t.is(optimizer.paramGroups[0]!.weightDecay, 0.01);
  t.is(new Adam([parameter([1])]).paramGroups[0]!.weightDecay, 0);
});

test('adam amsgrad keeps max', (t) => {
  const amsgrad = parameter([1]);
  const plain = parameter([1]);
  const options = { lr: 0.1, betas: [0.9, 0.5] as [number, number], eps: 0 };
  const amsgradOptimizer = new Adam([amsgrad], { ...options, amsgrad: true });
  const plainOptimizer = new Adam([plain], options);

  for (const g of [1, 0]) {
    setGrad(amsgrad, [g]);
    setGrad(plain, [g]);
    amsgradOptimizer.step();
    plainOptimizer.step();
  }
  // Step 1: m = 0.1, v = 0.5, p = 1 - (0.1 / 0.1) * 0.1 / (sqrt(0.5) / sqrt(0.5)) = 0.9.
  // Step 2: m = 0.09, v = 0.25 but vMax = 0.5, bias corrections 0.19 and 0.75:
  // amsgrad p = 0.9 - (0.1 / 0.19) * 0.09 / sqrt(0.5 / 0.75), plain p = 0.9 - (0.1 / 0.19) * 0.09 / sqrt(0.25 / 0.75)
  assertClose(t, amsgrad, [0.8419857692498721]);
  assertClose(t, plain, [0.8179554880625268]);
});

test('optimizer skips params without grad', (t) => {
  const withGrad = parameter([1]);
  const withoutGrad = parameter([5]);
  const optimizer = new Adam([withGrad, withoutGrad], { lr: 0.1 });

  setGrad(withGrad, [1]);
  optimizer.step();

  t.is(withoutGrad.data[0], 5);
  t.not(withGrad.data[0], 1);
  t.deepEqual(Object.keys(optimizer.stateDict().state), ['0']);
});

test('optimizer keeps float32 storage', (t) => {
  const p = new Parameter(tensor([1, -2]));
  const optimizer = new SGD([p], { lr: 0.1, momentum: 0.9 });
  p.grad = tensor([0.5, 1]);
  optimizer.step();

  t.true(p.data instanceof Float32Array);
  t.deepEqual([...p.data], [Math.fround(0.95), Math.fround(-2.1)]);
});

test('optimizer zeroGrad clears grads', (t) => {
  const p = parameter([1]);
  const optimizer = new SGD([p]);
  setGrad(p, [1]);
  optimizer.zeroGrad();
  t.is(p.grad, null);
});

test('param groups override defaults', (t) => {
  const fast = parameter([1]);
  const slow = parameter([1]);
  const optimizer = new SGD([{ params: [fast], lr: 1 }, { params: [slow] }], { lr: 0.1 });
  setGrad(fast, [1]);
  setGrad(slow, [1]);
  optimizer.step();

  t.is(fast.data[0], 0);
  t.is(slow.data[0], 0.9);
});

test('optimizer rejects invalid options', (t) => {
  t.throws(() => new SGD([]), { message: /SGD: got an empty parameter list/ });
  t.throws(() => new SGD([parameter([1])], { lr: -1 }), { message: /SGD: lr is -1; it must be >= 0/ });
  t.throws(() => new SGD([parameter([1])], { nesterov: true }), { message: /nesterov needs momentum > 0/ });
  t.throws(() => new AdamW([parameter([1])], { betas: [0.9, 1] }), { message: /AdamW: betas\[1\] is 1; it must be in \[0, 1\)/ });
  const p = parameter([1]);
  t.throws(() => new Adam([p, p]), { message: /appears twice/ });
});

test('optimizer rejects mis-shaped grad', (t) => {
  const p = parameter([1, 2]);
  const optimizer = new SGD([p]);
  setGrad(p, [1, 2, 3]);
  t.throws(() => optimizer.step(), { message: /SGD.step: gradient shape \[3\] differs from parameter shape \[2\]/ });
});

test('adam state dict resumes', (t) => {
  const original = parameter([1, -1]);
  const optimizer = new Adam([original], { lr: 0.05, amsgrad: true });
  for (const g of [[0.5, 1], [-1, 0.25]]) {
    setGrad(original, g);
    optimizer.step();
  }

  const resumed = parameter([...original.data]);
  const resumedOptimizer = new Adam([resumed], { lr: 1 });
  resumedOptimizer.loadStateDict(optimizer.stateDict());
  t.is(resumedOptimizer.paramGroups[0]!.lr, 0.05);

  setGrad(original, [0.3, -0.7]);
  setGrad(resumed, [0.3, -0.7]);
  optimizer.step();
  resumedOptimizer.step();
  t.deepEqual([...resumed.data], [...original.data]);
});

test('state dict rejects other layouts', (t) => {
  const optimizer = new SGD([parameter([1, 2])], { momentum: 0.9 });
  setGrad(optimizer.paramGroups[0]!.params[0]!, [1, 1]);
  optimizer.step();
  const dict = optimizer.stateDict();

  t.throws(() => new SGD([parameter([1, 2]), parameter([3])]).loadStateDict(dict), {
    message: /parameter group 0 has 1 parameters in the state dict and 2 here/,
  });
  t.throws(() => new SGD([parameter([1, 2, 3])], { momentum: 0.9 }).loadStateDict(dict), {
    message: /state "momentumBuffer" of parameter 0 has shape \[2\], but the parameter has shape \[3\]/,
  });
});
