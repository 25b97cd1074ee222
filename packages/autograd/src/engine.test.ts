import { memory, ones, randn, resetPeakMemory, Tensor, tensor } from '@fusegrad/core';
import test from 'ava';

import { add, backward, exp, Function, type FunctionCtx, logSoftmax, mul, noGrad, sum, tanh } from './index.js';

test('backward accumulates into leaves', (t) => {
  const x = tensor([1, 2, 3], { requiresGrad: true });

  x.mul(x).sum().backward();
  t.deepEqual(x.grad?.toArray(), [2, 4, 6]);

  x.mul(3).sum().backward();
  t.deepEqual(x.grad?.toArray(), [5, 7, 9]);
});

test('retained graph runs twice', (t) => {
  const a = tensor(2, { requiresGrad: true });
  const b = tensor(3, { requiresGrad: true });
  const d = a.mul(b).add(a);

  d.backward(null, { retainGraph: true });
  d.backward();

  t.is(a.grad?.item(), 8);
  t.is(b.grad?.item(), 4);
});

test('second backward without retainGraph throws', (t) => {
  const a = tensor(2, { requiresGrad: true });
  const b = tensor(3, { requiresGrad: true });
  const d = a.mul(b).add(a);
  d.backward();

  const error = t.throws(() => d.backward());
  t.regex(error.message, /AddFunction/);
  t.regex(error.message, /retainGraph: true/);
});

test('saved tensors throw once released', (t) => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = x.exp();
  y.sum().backward();

  const error = t.throws(() => y.sum().backward());
  t.regex(error.message, /ExpFunction/);
});

test('non-scalar output needs gradOutput', (t) => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = x.mul(2);

  const error = t.throws(() => y.backward());
  t.regex(error.message, /shape \[2\]/);
  t.regex(error.message, /gradOutput/);
});

test('gradOutput shape must match output', (t) => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = x.mul(2);

  const error = t.throws(() => y.backward(tensor([1, 2, 3])));
  t.regex(error.message, /gradOutput 0 has shape \[3\] but output 0 has shape \[2\]/);
});

test('output without gradient throws', (t) => {
  const error = t.throws(() => tensor([1, 2]).sum().backward());
  t.regex(error.message, /does not require a gradient/);
});

test('gradOutput scales the gradient', (t) => {
  const x = tensor([1, 2], { requiresGrad: true });
  x.mul(x).backward([10, 100]);
  t.deepEqual(x.grad?.toArray(), [20, 400]);
});

test('caller gradOutput is neither aliased nor disposed', (t) => {
  const x = tensor([1, 2], { requiresGrad: true });
  const gradOutput = tensor([1, 1]);

  x.add(0).backward(gradOutput);
  t.not(x.grad, gradOutput);
  x.add(0).backward(gradOutput);

  t.false(gradOutput.isDisposed);
  t.deepEqual(gradOutput.toArray(), [1, 1]);
  t.deepEqual(x.grad?.toArray(), [2, 2]);
});

test('leaf backward copies its seed', (t) => {
  const x = tensor([1, 2], { requiresGrad: true });
  const gradOutput = tensor([3, 4]);

  x.backward(gradOutput);
  x.backward(gradOutput);

  t.deepEqual(x.grad?.toArray(), [6, 8]);
  t.deepEqual(gradOutput.toArray(), [3, 4]);
});

test('shared gradient is not aliased between leaves', (t) => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = tensor([3, 4], { requiresGrad: true });
  x.add(y).sum().backward();
  t.not(x.grad, y.grad);

  x.mul(2).sum().backward();
  t.deepEqual(x.grad?.toArray(), [3, 3]);
  t.deepEqual(y.grad?.toArray(), [1, 1]);
});

test('several roots in one call', (t) => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = x.mul(3);
  const z = y.mul(y).sum();

  backward([z, y], [null, tensor([1, 1])]);

  // dz/dx = 18x and dy/dx = 3.
  t.deepEqual(x.grad?.toArray(), [21, 39]);
});

test('node runs after all consumers', (t) => {
  const x = tensor(1.5, { requiresGrad: true });
  const shared = x.exp();
  const left = shared.mul(2);
  const right = shared.mul(shared);
  left.add(right).add(shared).backward();

  // d/dx (2e^x + e^2x + e^x) = 3e^x + 2e^2x
  const expected = 3 * Math.exp(1.5) + 2 * Math.exp(3);
  t.true(Math.abs(x.grad!.item() - expected) < 1e-3 * expected);
});

test('chain of 100000 ops', (t) => {
  const x = tensor([1], { requiresGrad: true });
  let y = x;
  for (let i = 0; i < 100_000; i++) y = y.add(1);

  y.sum().backward();

  t.deepEqual(x.grad?.toArray(), [1]);
});

test('createGraph gives second derivatives', (t) => {
  const x = tensor([-2, 0.5], { dtype: 'float64', requiresGrad: true });

  x.pow(3).sum().backward({ createGraph: true });
  const firstDerivative = x.grad!;
  t.deepEqual(firstDerivative.toArray(), [12, 0.75]);
  t.true(firstDerivative.requiresGrad);

  x.grad = null;
  firstDerivative.sum().backward();
  t.deepEqual((x.grad as Tensor | null)?.toArray(), [-12, 3]);
});

test('createGraph through tanh', (t) => {
  const x = tensor([0.3, -0.7], { dtype: 'float64', requiresGrad: true });

  tanh(x).sum().backward({ createGraph: true });
  const slope = x.grad!;
  x.grad = null;
  slope.sum().backward();

  // d2/dx2 tanh(x) = -2 tanh(x) (1 - tanh(x)^2)
  const expected = [0.3, -0.7].map((v) => -2 * Math.tanh(v) * (1 - Math.tanh(v) ** 2));
  const actual = (x.grad as Tensor | null)!.toFloat64Array();
  expected.forEach((value, i) => t.true(Math.abs(actual[i]! - value) < 1e-12));
});

const chainSteps: [string, (y: Tensor) => Tensor][] = [
  ['tanh', (y) => tanh(add(mul(y, 0.5), 0.1))],
  ['logSoftmax', (y) => logSoftmax(y, -1)],
];

for (const [name, step] of chainSteps) {
  test(`backward frees gradients in ${name} chain`, (t) => {
    const x = randn([64, 64], { requiresGrad: true });
    const gradientBytes = x.size * 4;
    let y = x;
    for (let i = 0; i < 12; i++) y = step(y);
    const loss = sum(exp(y));

    const liveBefore = memory().liveBytes;
    resetPeakMemory();
    loss.backward();
    const { liveBytes, peakBytes } = memory();

    // Only x.grad stays. At the peak, a backward keeps its incoming gradient, one temporary and its
    // result alive; keeping every gradient would mean about 13 to 36 of them.
    t.is(liveBytes - liveBefore, gradientBytes);
    const peakGradients = (peakBytes - liveBefore) / gradientBytes;
    t.true(peakGradients <= 3.05, `peak grew by ${peakGradients} gradients`);
  });
}

// A fused loss caches its gradient in forward and returns it from backward when gradOutput is 1.
class CachedGradient extends Function {
  static override onceDifferentiable = true;

  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    ctx.saveForBackward(new Tensor(new Float32Array(x.size).fill(2), x.shape));
    return tensor(0);
  }

  static override backward(ctx: FunctionCtx): Tensor[] {
    return [ctx.savedTensors[0]!];
  }
}

test('cached gradient moves into leaf grad', (t) => {
  const x = randn([64, 64], { requiresGrad: true });
  const loss = CachedGradient.apply(x);
  const cached = (loss.gradFn as unknown as { ctx: FunctionCtx }).ctx.savedTensors[0];

  const liveBefore = memory().liveBytes;
  resetPeakMemory();
  loss.backward();

  t.is(x.grad, cached);
  // Only the scalar seed of backward is new at the peak.
  t.true(memory().peakBytes - liveBefore <= 8);
  t.is(x.grad!.data[0], 2);
});

test('retained cached gradient is copied', (t) => {
  const x = randn([8], { requiresGrad: true });
  const loss = CachedGradient.apply(x);
  loss.backward({ retainGraph: true });
  const first = x.grad!;
  const cached = (loss.gradFn as unknown as { ctx: FunctionCtx }).ctx.savedTensors[0];

  t.not(first, cached);
  t.is(cached!.data[0], 2);
  loss.backward();
  t.is(x.grad!.data[0], 4);
});

test('createGraph keeps gradients alive', (t) => {
  const x = randn([32], { dtype: 'float64', requiresGrad: true });
  const loss = sum(exp(mul(x, 2)));

  const liveBefore = memory().liveBytes;
  loss.backward({ createGraph: true });

  t.true(memory().liveBytes - liveBefore > x.size * 8);
  t.false(x.grad!.isDisposed);
});

test('accumulation keeps one buffer per leaf', (t) => {
  const x = ones([256], { requiresGrad: true });
  x.mul(2).sum().backward();
  const first = x.grad!;

  const loss = x.mul(2).sum();
  const liveBefore = memory().liveBytes;
  loss.backward();

  t.is(x.grad, first);
  t.is(memory().liveBytes, liveBefore);
  t.deepEqual(Array.from(first.toFloat32Array().slice(0, 2)), [4, 4]);
});

test('gradient is cast to the leaf dtype', (t) => {
  const x = tensor([1, 2], { requiresGrad: true });
  const weight = tensor([0.5, 0.25], { dtype: 'float64' });
  x.mul(weight).sum().backward();

  t.is(x.grad?.dtype, 'float32');
  t.deepEqual(x.grad?.toArray(), [0.5, 0.25]);
});

test('noGrad result cannot backward', (t) => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = noGrad(() => x.mul(2).sum());
  t.false(y.requiresGrad);
  t.throws(() => y.backward(), { message: /does not require a gradient/ });
});

test('unused branch receives no gradient', (t) => {
  const x = tensor([1, 2], { requiresGrad: true });
  const unused = tensor([5], { requiresGrad: true });
  unused.mul(2);
  x.sum().backward();

  t.deepEqual(x.grad?.toArray(), [1, 1]);
  t.is(unused.grad, null);
});

test('leaf tensor is a Tensor', (t) => {
  const x = tensor([1], { requiresGrad: true });
  x.mul(2).sum().backward();
  t.true(x.grad instanceof Tensor);
  t.true(x.isLeaf);
});
