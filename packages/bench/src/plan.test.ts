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

test('plans run every contender', (t) => {
  for (const plan of [quickPlan(), fullPlan()]) {
    for (const id of ['fused-auto', 'fused-cpu', 'fused-webasm', 'fused-headlessgl', 'unfused', 'tfjs-cpu', 'tfjs-wasm', 'loop', 'copy']) {
      t.true(plan.contenders.includes(id), `${plan.name} runs ${id}`);
    }
    t.deepEqual(plan.excluded, []);
  }
});

test('fullPlan modes per beta', (t) => {
  for (const item of fullPlan().cases) {
    const expected = item.beta === 0.5 ? ['forward', 'backward', 'full'] : ['full'];
    t.deepEqual(item.modes, expected, `${item.batchTokens}x${item.vocabSize}@${item.beta}`);
  }
});
