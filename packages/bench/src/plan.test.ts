import test from 'ava';

import { fullPlan, isTargetPoint, quickPlan } from './plan.js';

test('quickPlan times every mode at the target point', (t) => {
  const target = quickPlan().cases.filter(isTargetPoint);
  t.is(target.length, 1);
  t.deepEqual(target[0]!.modes, ['forward', 'backward', 'full']);
  t.true(target[0]!.sweeps.includes('target'));
});

test('fullPlan covers both sweeps once each', (t) => {
  const cases = fullPlan().cases;
  const keys = cases.map((item) => `${item.batchTokens}x${item.vocabSize}@${item.beta}`);
  t.is(new Set(keys).size, keys.length);
  for (const beta of [0, 0.5, 1]) {
    for (let vocabSize = 4096; vocabSize <= 131072; vocabSize *= 2) t.true(keys.includes(`1024x${vocabSize}@${beta}`), `V ${vocabSize} beta ${beta}`);
    for (let batchTokens = 256; batchTokens <= 4096; batchTokens *= 2) t.true(keys.includes(`${batchTokens}x32768@${beta}`), `BT ${batchTokens} beta ${beta}`);
  }
  const shared = cases.find((item) => item.batchTokens === 1024 && item.vocabSize === 32768 && item.beta === 0.5)!;
  t.deepEqual([...shared.sweeps].sort(), ['batch', 'target', 'vocab']);
});

test('quickPlan leaves webasm to the full plan', (t) => {
  t.false(quickPlan().contenders.includes('fused-webasm'));
  t.deepEqual(quickPlan().excluded.map((item) => item.id), ['fused-webasm']);
  t.true(fullPlan().contenders.includes('fused-webasm'));
  t.true(fullPlan().contenders.includes('fused-auto'));
});
