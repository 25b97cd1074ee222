import { readFileSync } from 'node:fs';

import { type DType, type Tensor, tensor } from '@fusegrad/core';
import test from 'ava';

import { logSoftmax } from '../index.js';

// PyTorch 1.13.1 float64 reference values; see fixtures/README.md for the format.
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/log_softmax.json', import.meta.url), 'utf8')) as {
  cases: ReferenceCase[];
};

interface Tolerance {
  rtol: number;
  atol: number;
}

interface ReferenceCase {
  name: string;
  shape: [number, number];
  inputs: { logits: EncodedArray; upstream: EncodedArray };
  expected: { output: EncodedArray; grad: EncodedArray };
  tolerance: { float32: { output: Tolerance; grad: Tolerance }; float64: Tolerance };
}

type EncodedArray = (number | string)[] | { dtype: 'float32' | 'float64'; b64: string };

function decode(values: EncodedArray): Float64Array {
  if (Array.isArray(values)) return Float64Array.from(values, (value) => Number(value));
  const bytes = Buffer.from(values.b64, 'base64');
  const aligned = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  return Float64Array.from(values.dtype === 'float32' ? new Float32Array(aligned) : new Float64Array(aligned));
}

function firstMismatch(actual: Tensor, expected: Float64Array, tolerance: Tolerance): string | null {
  const values = actual.toFloat64Array();
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i]!;
    const got = values[i]!;
    const close = Number.isFinite(want)
      ? Math.abs(got - want) <= tolerance.atol + tolerance.rtol * Math.abs(want)
      : got === want;
    if (!close) return `element ${i}: got ${got}, expected ${want}`;
  }
  return null;
}

function runCase(referenceCase: ReferenceCase, dtype: DType): { output: Tensor; grad: Tensor } {
  const logits = tensor(decode(referenceCase.inputs.logits), { shape: referenceCase.shape, dtype, requiresGrad: true });
  const upstream = tensor(decode(referenceCase.inputs.upstream), { shape: referenceCase.shape, dtype });

  const output = logSoftmax(logits, -1);
  output.backward(upstream);

  return { output, grad: logits.grad! };
}

test('reference cases are present', (t) => {
  t.is(fixture.cases.length, 10);
  t.true(fixture.cases.some((referenceCase) => referenceCase.name.includes('neginf')));
});

for (const referenceCase of fixture.cases) {
  test(`logSoftmax float64 ${referenceCase.name}`, (t) => {
    const { output, grad } = runCase(referenceCase, 'float64');
    const tolerance = referenceCase.tolerance.float64;

    t.is(firstMismatch(output, decode(referenceCase.expected.output), tolerance), null);
    t.is(firstMismatch(grad, decode(referenceCase.expected.grad), tolerance), null);
  });

  test(`logSoftmax float32 ${referenceCase.name}`, (t) => {
    const { output, grad } = runCase(referenceCase, 'float32');
    const tolerance = referenceCase.tolerance.float32;

    t.is(firstMismatch(output, decode(referenceCase.expected.output), tolerance.output), null);
    t.is(firstMismatch(grad, decode(referenceCase.expected.grad), tolerance.grad), null);
  });
}
