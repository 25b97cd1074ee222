import test from 'ava';

import { Tensor, tensor, zeros } from '@fusegrad/core';

import { Module } from './module.js';
import { Parameter } from './parameter.js';

class Affine extends Module {
  weight = new Parameter(tensor([[1, 2], [3, 4]]));
  bias = new Parameter(tensor([0.5, -0.5]));
  notRegistered = tensor([9]);

  forward(input: Tensor): Tensor {
    return input;
  }
}

class Block extends Module {
  scale = new Parameter(tensor([2]));
  inner = new Affine();

  forward(input: Tensor): Tensor {
    return this.inner.call(input);
  }
}

class Model extends Module {
  first = new Block();
  second = new Affine();

  forward(input: Tensor): Tensor {
    return this.second.call(this.first.call(input));
  }
}

test('parameters named by field path', (t) => {
  const model = new Model();
  t.deepEqual(
    model.namedParameters().map(([name]) => name),
    ['first.scale', 'first.inner.weight', 'first.inner.bias', 'second.weight', 'second.bias'],
  );
  t.is(model.parameters().length, 5);
  t.true(model.parameters().every((parameter) => parameter.requiresGrad));
});

test('children and modules in order', (t) => {
  const model = new Model();
  t.deepEqual(model.namedChildren().map(([name]) => name), ['first', 'second']);
  t.is(model.children()[0], model.first);
  t.deepEqual(model.namedModules().map(([name]) => name), ['', 'first', 'first.inner', 'second']);
});

class Tied extends Module {
  embedding = new Affine();
  output: Parameter;

  constructor() {
    super();
    this.output = this.embedding.weight;
  }

  forward(input: Tensor): Tensor {
    return input;
  }
}

test('tied parameter listed once', (t) => {
  const model = new Tied();
  // As in PyTorch, a module's own parameters come before its children's, so the tied weight keeps the name "output".
  t.deepEqual(model.namedParameters().map(([name]) => name), ['output', 'embedding.bias']);
  t.is(model.parameters()[0], model.embedding.weight);
  // weight 4 + bias 2, with output sharing the weight
  t.is(model.numParameters(), 6);
});

test('numParameters sums sizes', (t) => {
  // first: scale 1 + weight 4 + bias 2, second: weight 4 + bias 2
  t.is(new Model().numParameters(), 13);
});

test('train and eval recurse', (t) => {
  const model = new Model();
  t.true(model.first.inner.training);

  t.is(model.eval(), model);
  t.false(model.training);
  t.false(model.first.inner.training);
  t.false(model.second.training);

  model.train();
  t.true(model.first.inner.training);
});

test('zeroGrad clears every grad', (t) => {
  const model = new Model();
  for (const parameter of model.parameters()) parameter.grad = zeros(parameter.shape);
  model.zeroGrad();
  t.true(model.parameters().every((parameter) => parameter.grad === null));
});

test('state dict copies values', (t) => {
  const model = new Block();
  const dict = model.stateDict();

  t.deepEqual(Object.keys(dict), ['scale', 'inner.weight', 'inner.bias']);
  t.deepEqual(dict['inner.weight']!.toArray(), [[1, 2], [3, 4]]);
  t.false(dict['inner.weight']!.requiresGrad);
  t.not(dict['inner.weight']!.data, model.inner.weight.data);
});

test('load state dict round trip', (t) => {
  const source = new Block();
  const target = new Block();
  const values = new Float32Array([5, 6, 7, 8]);
  const weightStorage = target.inner.weight.data;

  const result = target.loadStateDict({ ...source.stateDict(), 'inner.weight': new Tensor(values, [2, 2]) });

  t.deepEqual(result, { missingKeys: [], unexpectedKeys: [] });
  t.deepEqual(target.inner.weight.toArray(), [[5, 6], [7, 8]]);
  // The parameter keeps its storage, so an optimizer holding it reads the new values.
  t.is(target.inner.weight.data, weightStorage);
  t.deepEqual([...values], [5, 6, 7, 8]);
});

test('load state dict casts dtype', (t) => {
  const model = new Affine();
  model.loadStateDict({ weight: tensor(new Float64Array([0.1, 0.2, 0.3, 0.4]), { shape: [2, 2] }), bias: tensor([0, 0]) });
  t.is(model.weight.dtype, 'float32');
  t.is(model.weight.data[0], Math.fround(0.1));
});

test('load state dict names bad keys', (t) => {
  const model = new Block();
  const dict = model.stateDict();
  delete dict['inner.bias'];
  dict['inner.extra'] = tensor([1, 2, 3]);
  dict['inner.weight'] = zeros([3, 2]);
  const before = model.inner.weight.toArray();

  const error = t.throws(() => model.loadStateDict(dict));
  t.regex(error.message, /^Block\.loadStateDict/);
  t.regex(error.message, /key "inner\.weight" has shape \[3, 2\] in the state dict but \[2, 2\] in the module/);
  t.regex(error.message, /missing key "inner\.bias" \(the module's parameter has shape \[2\]\)/);
  t.regex(error.message, /unexpected key "inner\.extra" with shape \[3\]/);
  t.deepEqual(model.inner.weight.toArray(), before);
});

test('non-strict load skips keys', (t) => {
  const model = new Block();
  const result = model.loadStateDict({ scale: tensor([7]), unknown: tensor([1]) }, { strict: false });

  t.deepEqual(result, { missingKeys: ['inner.weight', 'inner.bias'], unexpectedKeys: ['unknown'] });
  t.is(model.scale.item(), 7);
  t.throws(() => model.loadStateDict({ scale: tensor([1, 2]) }, { strict: false }), {
    message: /key "scale" has shape \[2\] in the state dict but \[1\] in the module/,
  });
});

test('parameter copies its value', (t) => {
  const value = tensor([1, 2]);
  const parameter = new Parameter(value);
  t.not(parameter.data, value.data);
  t.true(parameter instanceof Tensor);
  t.false(value.requiresGrad);
});
