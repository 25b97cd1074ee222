import test from 'ava';

import { backendInfo, tensor } from '@fusegrad/core';

import { jsd } from '../jsd/jsd.js';
import { computeCrossEntropy } from '../kernels/cross-entropy-kernel.js';
import { computeJsd } from '../kernels/jsd-kernel.js';
import { computeCrossEntropyFast, computeJsdFast, fastLossPoolFor } from './adapters.js';
import { getBackendFastLossPool } from './select.js';
import { FastLossPool } from './pool.js';
import { onBackend } from '../test-helpers.js';
import { randomLogProbs } from './test-support.js';

const rows = 6;
const vocabSize = 50;
const rowWeights = Float32Array.of(0.2, 0.2, 0, 0.2, 0.2, 0.2);

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, atol: number, rtol: number): string | null {
  for (let i = 0; i < expected.length; i++) {
    if (Math.abs(actual[i]! - expected[i]!) > atol + rtol * Math.abs(expected[i]!)) {
      return `index ${i}: ${actual[i]} vs ${expected[i]}`;
    }
  }
  return null;
}

test('computeJsdFast matches computeJsd', async (t) => {
  const pool = new FastLossPool({ backend: 'webasm', workers: 2 });
  t.teardown(() => pool.close());
  const inputs = {
    input: randomLogProbs(rows, vocabSize, 41),
    target: randomLogProbs(rows, vocabSize, 42),
    rows,
    vocabSize,
    beta: 0.4,
    rowWeights,
  };

  const fast = computeJsdFast(inputs, pool);
  const reference = computeJsd(inputs, 'cpu');
  t.is(close(fast.grad, reference.grad, 1e-7, 1e-4), null);
  t.is(close(fast.rowLosses, reference.rowLosses, 1e-7, 1e-4), null);

  const again = computeJsdFast(inputs, pool);
  t.not(again.grad.buffer, fast.grad.buffer, 'each call returns a fresh gradient');
});

test('computeCrossEntropyFast matches computeCrossEntropy', async (t) => {
  const pool = new FastLossPool({ backend: 'cpu', workers: 2 });
  t.teardown(() => pool.close());
  const inputs = {
    logits: Float32Array.from(randomLogProbs(rows, vocabSize, 43), (value) => value * 2),
    targets: Float64Array.of(3, 7, 0, 49, 0, 12),
    rows,
    vocabSize,
    labelSmoothing: 0.05,
    rowWeights,
  };

  const fast = computeCrossEntropyFast(inputs, pool);
  const reference = computeCrossEntropy(inputs, 'cpu');
  t.is(close(fast.grad, reference.grad, 1e-7, 1e-4), null);
  t.is(close(fast.rowLosses, reference.rowLosses, 1e-6, 1e-5), null);
});

test('fastLossPoolFor per backend', (t) => {
  for (const backend of ['cpu', 'webasm'] as const) {
    const pool = fastLossPoolFor(backend);
    t.is(pool?.backend, backend);
    t.is(pool?.workerCount, 0, `${backend} runs in the calling thread`);
    t.is(fastLossPoolFor(backend), pool, `${backend} pool is reused`);
  }
  t.is(fastLossPoolFor('webgpu'), null);

  const pool = fastLossPoolFor('auto');
  t.not(pool, null);
  t.is(fastLossPoolFor('auto'), pool);
});

test('fastLossPoolFor rejects unknown backends', (t) => {
  t.regex(t.throws(() => fastLossPoolFor('gpu' as never)).message, /^fastLossPoolFor: unknown backend "gpu"; expected one of 'auto', 'cpu'/);
  t.regex(
    t.throws(() => getBackendFastLossPool('webgpu' as never)).message,
    /^getBackendFastLossPool: backend "webgpu" has no fast path; use 'cpu', 'webasm' or 'headlessgl'$/,
  );
});

test.serial('pools record kernels only when asked', (t) => {
  onBackend('cpu', () => {
    jsd(tensor([[Math.log(0.3), Math.log(0.7)]]), tensor([[Math.log(0.6), Math.log(0.4)]]));
    t.is(backendInfo().active, 'cpu');

    // A measuring pool, like those of 'auto', must leave the record of the selected backend alone.
    const pool = new FastLossPool({ backend: 'webasm', workers: 0 });
    pool.jsd({ input: new Float32Array([Math.log(0.5), Math.log(0.5)]), target: new Float32Array([0, -Infinity]), rows: 1, vocabSize: 2 });
    void pool.close();
    t.is(backendInfo().active, 'cpu');
  });
});

test.serial('explicit backend reports its kernels', (t) => {
  onBackend('webasm', () => {
    jsd(tensor([[Math.log(0.3), Math.log(0.7)]]), tensor([[Math.log(0.6), Math.log(0.4)]]));
    const info = backendInfo();
    t.is(info.active, 'webasm');
    t.false(info.fellBack);
  });
});
