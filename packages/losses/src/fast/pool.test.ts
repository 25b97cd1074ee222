import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import test from 'ava';

import { FastLossPool } from './pool.js';
import { jsdReferenceFloat64 } from './reference.js';
import { randomLogProbs } from './test-support.js';

const rows = 12;
const vocabSize = 40;
const input = randomLogProbs(rows, vocabSize, 1);
const target = randomLogProbs(rows, vocabSize, 2);

for (const backend of ['cpu', 'webasm'] as const) {
  test(`pool ${backend} matches float64 reference`, (t) => {
    const pool = new FastLossPool({ backend, workers: 2 });
    t.teardown(() => pool.close());
    const weights = new Float32Array(rows).fill(0.25);
    weights[3] = 0;

    const result = pool.jsd({ input, target, rows, vocabSize, beta: 0.3, rowWeights: weights });
    const reference = jsdReferenceFloat64(input, target, rows, vocabSize, 0.3, weights);

    let expectedLoss = 0;
    for (let r = 0; r < rows; r++) expectedLoss += weights[r]! * reference.rowLosses[r]!;
    t.true(Math.abs(result.weightedLoss - expectedLoss) <= 1e-6 * Math.abs(expectedLoss));
    for (let i = 0; i < rows * vocabSize; i++) {
      t.true(Math.abs(result.gradient[i]! - reference.gradient[i]!) <= 1e-6 + 1e-4 * Math.abs(reference.gradient[i]!), `gradient[${i}]`);
    }
    t.is(result.rowLosses[3], 0, 'row with weight 0 has loss 0');
    t.deepEqual(Array.from(result.gradient.subarray(3 * vocabSize, 4 * vocabSize)), new Array<number>(vocabSize).fill(0));
  });

  test(`pool ${backend} same result for any worker count`, async (t) => {
    const results = [];
    for (const workers of [0, 1, 2, 3]) {
      const pool = new FastLossPool({ backend, workers });
      const result = pool.jsd({ input, target, rows, vocabSize, beta: 0.5 });
      results.push({ gradient: Float32Array.from(result.gradient), loss: result.weightedLoss });
      await pool.close();
    }
    for (const result of results.slice(1)) {
      t.deepEqual(result.gradient, results[0]!.gradient);
      t.true(Math.abs(result.loss - results[0]!.loss) <= 1e-12 * Math.abs(results[0]!.loss));
    }
  });

  test(`pool ${backend} reuses buffers`, (t) => {
    const pool = new FastLossPool({ backend, workers: 2 });
    t.teardown(() => pool.close());
    const targets = Int32Array.from({ length: rows }, (_, r) => (r * 7) % vocabSize);
    const first = pool.jsd({ input, target, rows, vocabSize });
    pool.crossEntropy({ logits: input, targets, rows, vocabSize });
    const after = pool.stats();

    for (let call = 0; call < 100; call++) {
      const again = pool.jsd({ input, target, rows, vocabSize });
      t.is(again.gradient.buffer, first.gradient.buffer);
      t.is(again.rowLosses.buffer, first.rowLosses.buffer);
      pool.crossEntropy({ logits: input, targets, rows, vocabSize });
    }
    const stats = pool.stats();
    t.is(stats.sharedAllocations, after.sharedAllocations);
    t.is(stats.sharedBytes, after.sharedBytes);
    t.is(stats.calls, after.calls + 200);
  });

  test(`pool ${backend} reports worker errors`, (t) => {
    const pool = new FastLossPool({ backend, workers: 2 });
    t.teardown(() => pool.close());
    t.throws(() => pool.failForTesting('kernel exploded'), { message: /worker 0 failed: kernel exploded/ });
    // The pool stays usable after a failed call.
    const result = pool.jsd({ input, target, rows, vocabSize });
    t.true(Number.isFinite(result.weightedLoss));
  });
}

test('pool writes caller gradient buffer', async (t) => {
  const pool = new FastLossPool({ backend: 'webasm', workers: 2 });
  t.teardown(() => pool.close());
  const gradient = new Float32Array(new SharedArrayBuffer(4 * rows * vocabSize));
  const result = pool.jsd({ input, target, rows, vocabSize, gradient });
  t.is(result.gradient, gradient);
  t.throws(() => pool.jsd({ input, target, rows, vocabSize, gradient: new Float32Array(rows * vocabSize) }), {
    message: /not on a SharedArrayBuffer/,
  });
});

test('pool never writes caller inputs', (t) => {
  const pool = new FastLossPool({ backend: 'cpu', workers: 2 });
  t.teardown(() => pool.close());
  const inputCopy = Float32Array.from(input);
  const targetCopy = Float32Array.from(target);
  pool.jsd({ input, target, rows, vocabSize });
  t.deepEqual(input, inputCopy);
  t.deepEqual(target, targetCopy);
});

test('pool infinite KL and zero probabilities', (t) => {
  const pool = new FastLossPool({ backend: 'webasm', workers: 1 });
  t.teardown(() => pool.close());
  const x = Float32Array.of(0, -Infinity, Math.log(0.5), Math.log(0.5));
  const y = Float32Array.of(-Infinity, 0, Math.log(0.5), Math.log(0.5));

  const mixture = pool.jsd({ input: x, target: y, rows: 2, vocabSize: 2, beta: 0.5 });
  t.true(Math.abs(mixture.rowLosses[0]! - Math.LN2) < 1e-6, 'disjoint one-hot rows give ln 2');
  t.false(Array.from(mixture.gradient).some(Number.isNaN));

  const forward = pool.jsd({ input: x, target: y, rows: 2, vocabSize: 2, beta: 0 });
  t.is(forward.rowLosses[0], Infinity);
  t.false(Array.from(forward.gradient).some((value) => !Number.isFinite(value)));

  const reverse = pool.jsd({ input: x, target: y, rows: 2, vocabSize: 2, beta: 1 });
  t.is(reverse.rowLosses[0], Infinity);
  t.is(reverse.gradient[0], Infinity);
  t.is(reverse.gradient[1], 0);
});

test('pool rejects bad requests', (t) => {
  const pool = new FastLossPool({ backend: 'cpu', workers: 0 });
  t.teardown(() => pool.close());
  t.throws(() => pool.jsd({ input, target: target.subarray(1), rows, vocabSize }), {
    message: /FastLossPool\.jsd: target has 479 elements, expected 480/,
  });
  t.throws(() => pool.jsd({ input, target, rows, vocabSize, beta: 1.5 }), { message: /beta is 1.5/ });
  t.throws(() => pool.crossEntropy({ logits: input, targets: new Int32Array(rows).fill(vocabSize), rows, vocabSize }), {
    message: /targets\[0\] is 40; pass an integer in \[0, 40\)/,
  });
  t.throws(() => new FastLossPool({ backend: 'cpu', workers: -1 }), { message: /workers is -1/ });
});

test('pool closes cleanly', async (t) => {
  const pool = new FastLossPool({ backend: 'webasm', workers: 2 });
  pool.jsd({ input, target, rows, vocabSize });
  await pool.close();
  t.throws(() => pool.jsd({ input, target, rows, vocabSize }), { message: /the pool is closed/ });
  await t.notThrowsAsync(pool.close());
});

test('pool idle workers let process exit', (t) => {
  const poolUrl = new URL('./pool.js', import.meta.url).href;
  const script = `
    import { FastLossPool } from ${JSON.stringify(poolUrl)};
    const pool = new FastLossPool({ backend: 'cpu', workers: 2 });
    const logProbs = new Float32Array(8).fill(Math.log(0.125));
    const result = pool.jsd({ input: logProbs, target: logProbs, rows: 1, vocabSize: 8 });
    console.log('loss', result.weightedLoss);
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    encoding: 'utf8',
    timeout: 30_000,
  });
  t.is(child.error, undefined, 'the process did not exit within 30 s');
  t.is(child.status, 0, child.stderr);
  t.regex(child.stdout, /^loss \d/);
});

test('pool cross entropy label smoothing', (t) => {
  const pool = new FastLossPool({ backend: 'webasm', workers: 2 });
  t.teardown(() => pool.close());
  const logits = Float32Array.from(randomLogProbs(rows, vocabSize, 3), (value) => value * 3);
  const targets = Int32Array.from({ length: rows }, (_, r) => (r % 4 === 1 ? -100 : (r * 11) % vocabSize));
  const smoothing = 0.1;

  const result = pool.crossEntropy({ logits, targets, rows, vocabSize, labelSmoothing: smoothing });

  // Float64 reference: the target distribution is (1 - s) one-hot + s / V.
  const counted = targets.filter((target) => target !== -100).length;
  let expectedLoss = 0;
  for (let r = 0; r < rows; r++) {
    const offset = r * vocabSize;
    if (targets[r] === -100) {
      t.is(result.rowLosses[r], 0);
      t.true(result.gradient.subarray(offset, offset + vocabSize).every((value) => value === 0));
      continue;
    }
    let max = -Infinity;
    for (let j = 0; j < vocabSize; j++) max = Math.max(max, logits[offset + j]!);
    let sum = 0;
    for (let j = 0; j < vocabSize; j++) sum += Math.exp(logits[offset + j]! - max);
    const logSumExp = max + Math.log(sum);
    let rowLoss = 0;
    for (let j = 0; j < vocabSize; j++) {
      const targetProbability = (j === targets[r] ? 1 - smoothing : 0) + smoothing / vocabSize;
      const logProbability = logits[offset + j]! - logSumExp;
      rowLoss -= targetProbability * logProbability;
      const expectedGradient = (Math.exp(logProbability) - targetProbability) / counted;
      const actualGradient = result.gradient[offset + j]!;
      t.true(Math.abs(actualGradient - expectedGradient) <= 1e-7 + 1e-4 * Math.abs(expectedGradient), `gradient[${r}, ${j}]`);
    }
    t.true(Math.abs(result.rowLosses[r]! - rowLoss) <= 1e-5 * Math.abs(rowLoss), `row ${r} loss`);
    expectedLoss += rowLoss / counted;
  }
  t.true(Math.abs(result.weightedLoss - expectedLoss) <= 1e-5 * Math.abs(expectedLoss));
});
