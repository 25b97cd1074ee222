import '@fusegrad/autograd';

import test, { type ExecutionContext } from 'ava';

import { Generator, Tensor, memory, ones, tensor } from '@fusegrad/core';
import { gradcheck } from '@fusegrad/autograd';

import { GELU, ReLU, Sigmoid, Tanh } from './activations.js';
import { Dropout } from './dropout.js';
import { Embedding } from './embedding.js';
import { LayerNorm } from './layer-norm.js';
import { Linear } from './linear.js';
import { MLP } from './mlp.js';
import { Sequential } from './sequential.js';
import type { Module } from '../module/module.js';

function float64(values: number[][]): Tensor {
  return tensor(values, { dtype: 'float64' });
}

function assertClose(t: ExecutionContext, actual: Tensor | null, expected: number[], tolerance = 1e-12): void {
  t.not(actual, null);
  t.is(actual!.size, expected.length);
  expected.forEach((value, i) => {
    t.true(Math.abs(actual!.data[i]! - value) <= tolerance, `element ${i}: got ${actual!.data[i]}, expected ${value}`);
  });
}

test('linear forward and backward', (t) => {
  const layer = new Linear(3, 2, { dtype: 'float64' });
  layer.loadStateDict({ weight: float64([[1, 2, 3], [4, 5, 6]]), bias: tensor(new Float64Array([0.5, -1])) });
  const x = float64([[1, 0, -1], [2, 1, 0]]);
  x.requiresGrad = true;

  const y = layer.call(x);
  // x W^T + b = [[1 - 3, 4 - 6], [2 + 2, 8 + 5]] + [0.5, -1]
  assertClose(t, y, [-1.5, -3, 4.5, 12]);

  y.backward(float64([[1, 2], [3, 4]]));
  // dW = G^T x: row 0 = 1 * [1, 0, -1] + 3 * [2, 1, 0], row 1 = 2 * [1, 0, -1] + 4 * [2, 1, 0]
  assertClose(t, layer.weight.grad, [7, 3, -1, 10, 4, -2]);
  // db = column sums of G
  assertClose(t, layer.bias!.grad, [4, 6]);
  // dx = G W: row 0 = 1 * [1, 2, 3] + 2 * [4, 5, 6], row 1 = 3 * [1, 2, 3] + 4 * [4, 5, 6]
  assertClose(t, x.grad, [9, 12, 15, 19, 26, 33]);
});

test('linear default init bounds', (t) => {
  const layer = new Linear(400, 50, { generator: new Generator(5) });
  // Kaiming uniform with a = sqrt(5): gain sqrt(2 / 6), bound = sqrt(3) * gain / sqrt(400) = 1 / 20
  const bound = 1 / 20;
  const weights = [...layer.weight.data].map(Math.abs);
  const biases = [...layer.bias!.data].map(Math.abs);

  t.deepEqual(layer.weight.shape, [50, 400]);
  t.true(Math.max(...weights) <= bound);
  t.true(Math.max(...weights) > 0.99 * bound);
  t.true(Math.max(...biases) <= bound);
  t.deepEqual([...new Linear(400, 50, { generator: new Generator(5) }).weight.data], [...layer.weight.data]);
});

test('linear batched input and no bias', (t) => {
  const layer = new Linear(4, 3, { bias: false });
  t.deepEqual(layer.namedParameters().map(([name]) => name), ['weight']);
  t.deepEqual(layer.call(ones([2, 5, 4])).shape, [2, 5, 3]);
  t.throws(() => layer.call(ones([2, 3])), { message: /Linear.forward: input shape \[2, 3\] does not end in inFeatures 4/ });
  t.throws(() => new Linear(0, 3), { message: /Linear: inFeatures is 0; it must be a positive integer/ });
});

test('embedding lookup and grad', (t) => {
  const embedding = new Embedding(3, 2, { dtype: 'float64' });
  embedding.loadStateDict({ weight: float64([[0, 1], [10, 11], [20, 21]]) });

  const vectors = embedding.call(tensor([[2, 0], [1, 1]]));
  t.deepEqual(vectors.shape, [2, 2, 2]);
  t.deepEqual(vectors.toArray(), [[[20, 21], [0, 1]], [[10, 11], [10, 11]]]);

  vectors.backward(ones([2, 2, 2], { dtype: 'float64' }));
  // Index 1 appears twice, so its row accumulates two ones.
  assertClose(t, embedding.weight.grad, [1, 1, 2, 2, 1, 1]);

  t.throws(() => embedding.call(tensor([0, 3])), { message: /index 3 at flat position 1 is not an integer in \[0, 3\)/ });
  t.throws(() => embedding.call(tensor([0.5])), { message: /index 0.5 at flat position 0/ });
});

test('layer norm values', (t) => {
  const norm = new LayerNorm(4, { dtype: 'float64' });
  norm.loadStateDict({ weight: tensor(new Float64Array([1, 2, 1, 1])), bias: tensor(new Float64Array([0, 0, 0, 1])) });

  const y = norm.call(float64([[1, 2, 3, 4]]));
  // mean 2.5, biased variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25
  const s = Math.sqrt(1.25 + 1e-5);
  assertClose(t, y, [-1.5 / s, (2 * -0.5) / s, 0.5 / s, 1.5 / s + 1]);

  y.backward(ones([1, 4], { dtype: 'float64' }));
  // d/dweight = normalized values, d/dbias = 1
  assertClose(t, norm.weight!.grad, [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s]);
  assertClose(t, norm.bias!.grad, [1, 1, 1, 1]);
});

test('layer norm input gradient', (t) => {
  const norm = new LayerNorm([2, 3], { dtype: 'float64' });
  norm.loadStateDict({ weight: float64([[1, 2, 3], [0.5, -1, 2]]), bias: float64([[0, 1, 0], [1, 0, 0]]) });
  const x = tensor(new Float64Array([0.3, -1.2, 2.5, 0.7, 1.1, -0.4, 2, 0, 1, -3, 0.5, 0.25]), { shape: [2, 2, 3] });
  x.requiresGrad = true;

  const result = gradcheck((input: Tensor) => norm.call(input), [x]);
  t.true(result.ok, JSON.stringify(result.worst));
  t.throws(() => norm.call(ones([2, 3, 2])), { message: /does not end in normalizedShape \[2, 3\]/ });
});

test('dropout masks and scales', (t) => {
  const dropout = new Dropout(0.25, { generator: new Generator(11) });
  const input = ones([10000]);
  input.requiresGrad = true;

  const output = dropout.call(input);
  const values = [...output.data];
  const kept = values.filter((value) => value !== 0);
  // Kept elements are scaled by 1 / (1 - 0.25).
  t.true(kept.every((value) => value === Math.fround(4 / 3)));
  t.true(Math.abs(kept.length / values.length - 0.75) < 0.02, `kept ${kept.length}`);

  output.backward(ones([10000]));
  t.deepEqual([...input.grad!.data], values);
});

test('dropout seeded and eval identity', (t) => {
  const first = new Dropout(0.5, { generator: new Generator(3) }).call(ones([64]));
  const second = new Dropout(0.5, { generator: new Generator(3) }).call(ones([64]));
  t.deepEqual([...first.data], [...second.data]);

  const dropout = new Dropout(0.5).eval();
  const input = ones([4]);
  t.is(dropout.call(input), input);
  t.deepEqual([...new Dropout(1).call(ones([3])).data], [0, 0, 0]);
  t.throws(() => new Dropout(1.5), { message: /Dropout: p is 1.5; it must be a probability in \[0, 1\]/ });
});

test('activation modules values', (t) => {
  const x = tensor(new Float64Array([-1, 0, 1]));
  assertClose(t, new ReLU().call(x), [0, 0, 1]);
  assertClose(t, new Tanh().call(x), [-0.7615941559557649, 0, 0.7615941559557649], 1e-15);
  // 1 / (1 + e^1), 1 / 2, 1 / (1 + e^-1)
  assertClose(t, new Sigmoid().call(x), [0.2689414213699951, 0.5, 0.7310585786300049], 1e-15);
  // x * Phi(x) with Phi(1) = 0.8413447460685429
  assertClose(t, new GELU().call(x), [-0.15865525393145707, 0, 0.8413447460685429], 1e-7);
});

test('sequential names and forward', (t) => {
  const generator = new Generator(1);
  const first = new Linear(3, 4, { generator });
  const second = new Linear(4, 2, { generator });
  const model = new Sequential(first, new ReLU(), second);
  const x = tensor([[1, -2, 3]]);

  t.deepEqual(model.namedParameters().map(([name]) => name), ['0.weight', '0.bias', '2.weight', '2.bias']);
  t.is(model.length, 3);
  t.deepEqual([...model].length, 3);
  t.deepEqual([...model.call(x).data], [...second.call(new ReLU().call(first.call(x))).data]);
  t.throws(() => new Sequential({} as Linear), { message: /Sequential: argument 0 is .*not a Module/ });
});

test('mlp layout and names', (t) => {
  const model = new MLP([4, 8, 8, 2], { activation: 'tanh', dropout: 0.1 });
  t.deepEqual(
    model.namedParameters().map(([name]) => name),
    ['layers.0.weight', 'layers.0.bias', 'layers.3.weight', 'layers.3.bias', 'layers.6.weight', 'layers.6.bias'],
  );
  t.deepEqual(model.layers.children().map((layer) => layer.constructor.name), [
    'Linear', 'Tanh', 'Dropout', 'Linear', 'Tanh', 'Dropout', 'Linear',
  ]);
  // 4 * 8 + 8 + 8 * 8 + 8 + 8 * 2 + 2
  t.is(model.numParameters(), 130);
  t.deepEqual(model.call(ones([5, 4])).shape, [5, 2]);

  t.throws(() => new MLP([4]), { message: /MLP: sizes is \[4\]/ });
  t.throws(() => new MLP([4, 2], { activation: 'swish' as 'relu' }), { message: /unknown activation "swish"/ });
});

test('mlp eval disables dropout', (t) => {
  const model = new MLP([3, 16, 2], { dropout: 0.5, generator: new Generator(2) });
  const x = tensor([[0.5, -1, 2]]);
  model.eval();
  t.deepEqual([...model.call(x).data], [...model.call(x).data]);
  model.train();
  t.notDeepEqual([...model.call(x).data], [...model.call(x).data]);
});

test('layer construction leaves only parameters live', (t) => {
  const cases: [string, () => Module, number][] = [
    ['Linear', () => new Linear(32, 16), 32 * 16 + 16],
    ['Embedding', () => new Embedding(50, 8), 50 * 8],
    ['LayerNorm', () => new LayerNorm([8]), 8 + 8],
  ];
  for (const [name, build, parameterCount] of cases) {
    const liveBefore = memory().liveBytes;
    const layer = build();
    t.is(memory().liveBytes - liveBefore, parameterCount * 4, name);
    t.is(layer.numParameters(), parameterCount, name);
  }
});
