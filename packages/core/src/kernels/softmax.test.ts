import { readFileSync } from 'node:fs';

import test from 'ava';

import { kernels, tensor } from '../index.js';
import { assertTensorClose } from '../_testing.test.js';

const { softmax, logSoftmax } = kernels;

interface Tolerance {
  rtol: number;
  atol: number;
}
interface LogSoftmaxCase {
  name: string;
  shape: [number, number];
  inputs: { logits: EncodedArray; upstream: EncodedArray };
  expected: { output: EncodedArray; grad: EncodedArray };
  tolerance: { float32: { output: Tolerance; grad: Tolerance }; float64: Tolerance };
}
type EncodedArray = (number | string)[] | { dtype: 'float32' | 'float64'; b64: string };

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/log_softmax.json', import.meta.url), 'utf8'),
) as { cases: LogSoftmaxCase[] };

function decode(values: EncodedArray): Float64Array {
  if (Array.isArray(values)) return Float64Array.from(values, (value) => Number(value));
  const bytes = Buffer.from(values.b64, 'base64');
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  return Float64Array.from(values.dtype === 'float32' ? new Float32Array(copy) : new Float64Array(copy));
}

test('logSoftmax of [0, -inf] is exact', (t) => {
  const result = logSoftmax(tensor([0, -Infinity]));
  t.deepEqual(result.toArray(), [0, -Infinity]);
  t.deepEqual(softmax(tensor([0, -Infinity])).toArray(), [1, 0]);
});

test('softmax rows sum to one', (t) => {
  const x = tensor([[1, 2, 3], [1000, 1000, -1000]], { dtype: 'float64' });
  const probs = softmax(x);
  assertTensorClose(
    t,
    probs,
    [
      [0.09003057317038046, 0.24472847105479764, 0.6652409557748219],
      [0.5, 0.5, 0],
    ],
    { rtol: 1e-15, atol: 1e-300 },
  );
});

test('softmax along axis 0', (t) => {
  const x = tensor([[1, 2], [3, 4]], { dtype: 'float64' });
  const low = 1 / (1 + Math.exp(2));
  assertTensorClose(t, softmax(x, 0), [[low, low], [1 - low, 1 - low]], { rtol: 1e-15 });
  assertTensorClose(t, logSoftmax(x, 0), [[Math.log(low), Math.log(low)], [Math.log(1 - low), Math.log(1 - low)]], { rtol: 1e-14 });
});

test('softmax over middle axis', (t) => {
  const x = tensor([0, 0, 0, 0, Math.log(3), 0], { shape: [1, 2, 3], dtype: 'float64' });
  assertTensorClose(t, softmax(x, 1), [[[0.5, 0.25, 0.5], [0.5, 0.75, 0.5]]], { rtol: 1e-15 });
});

test('all -inf row gives zeros and -inf', (t) => {
  const x = tensor([[-Infinity, -Infinity], [0, 0]]);
  t.deepEqual(softmax(x).toArray(), [[0, 0], [0.5, 0.5]]);
  t.deepEqual(logSoftmax(x).toArray(), [[-Infinity, -Infinity], [-Math.LN2, -Math.LN2].map(Math.fround)]);
});

test('softmax rejects scalars and bad axes', (t) => {
  t.throws(() => softmax(tensor(1)), { message: 'softmax: axis -1 is out of range for a tensor of rank 0; a scalar has no axes' });
  t.throws(() => logSoftmax(tensor([1, 2]), 1), { message: /logSoftmax: axis 1 is out of range for a tensor of rank 1/ });
});

for (const referenceCase of fixture.cases) {
  test(`logSoftmax matches ${referenceCase.name}`, (t) => {
    const [rows, vocabSize] = referenceCase.shape;
    const logits64 = tensor(decode(referenceCase.inputs.logits), { shape: [rows, vocabSize] });
    const logits32 = tensor(decode(referenceCase.inputs.logits), { shape: [rows, vocabSize], dtype: 'float32' });
    const expected = Array.from(decode(referenceCase.expected.output));

    assertTensorClose(t, logSoftmax(logits64), expected, referenceCase.tolerance.float64);
    assertTensorClose(t, logSoftmax(logits32), expected, referenceCase.tolerance.float32.output);
  });

  test(`softmax VJP matches ${referenceCase.name}`, (t) => {
    // The gradient of logSoftmax is upstream - softmax * sum(upstream) per row.
    const [rows, vocabSize] = referenceCase.shape;
    const logits = tensor(decode(referenceCase.inputs.logits), { shape: [rows, vocabSize] });
    const upstream = tensor(decode(referenceCase.inputs.upstream), { shape: [rows, vocabSize] });
    const grad = kernels.sub(upstream, kernels.mul(softmax(logits), kernels.sum(upstream, -1, true)));
    assertTensorClose(t, grad, Array.from(decode(referenceCase.expected.grad)), referenceCase.tolerance.float64);
  });
}
