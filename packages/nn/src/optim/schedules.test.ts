import test from 'ava';

import { tensor } from '@fusegrad/core';

import { Parameter } from '../module/parameter.js';
import { LambdaLR } from './lr-scheduler.js';
import { SGD } from './sgd.js';
import {
  CosineDecayLR,
  LinearWarmupLR,
  WarmupCosineLR,
  cosineDecayFactor,
  linearWarmupFactor,
  warmupCosineFactor,
} from './schedules.js';

function optimizer(lr = 0.1): SGD {
  return new SGD([new Parameter(tensor([1]))], { lr });
}

function lrsOver(scheduler: { step(): void; getLastLr(): number[] }, steps: number): number[] {
  const lrs = [scheduler.getLastLr()[0]!];
  for (let i = 0; i < steps; i++) {
    scheduler.step();
    lrs.push(scheduler.getLastLr()[0]!);
  }
  return lrs;
}

test('lambda lr applies factor', (t) => {
  const sgd = optimizer(0.1);
  const scheduler = new LambdaLR(sgd, (step) => 0.5 ** step);

  // Construction applies step 0: 0.1 * 0.5^0. Then 0.1 * 0.5, 0.1 * 0.25.
  t.deepEqual(lrsOver(scheduler, 2), [0.1, 0.05, 0.025]);
  t.is(sgd.paramGroups[0]!.lr, 0.025);
  t.is(scheduler.lastStep, 2);
});

test('lambda lr per group', (t) => {
  const sgd = new SGD(
    [{ params: [new Parameter(tensor([1]))], lr: 1 }, { params: [new Parameter(tensor([1]))], lr: 0.5 }],
  );
  const scheduler = new LambdaLR(sgd, [(step) => step + 1, () => 2]);
  scheduler.step();
  t.deepEqual(scheduler.getLastLr(), [2, 1]);
  t.throws(() => new LambdaLR(sgd, [() => 1]), { message: /got 1 lr functions for 2 parameter groups/ });
});

test('lambda lr rejects negative factor', (t) => {
  t.throws(() => new LambdaLR(optimizer(), () => -1), { message: /lr factor at step 0 is -1/ });
});

test('linear warmup rises then holds', (t) => {
  // lr = 0.1 * min(1, step / 4)
  const lrs = lrsOver(new LinearWarmupLR(optimizer(0.1), { warmupSteps: 4 }), 6);
  const expected = [0, 0.025, 0.05, 0.075, 0.1, 0.1, 0.1];
  expected.forEach((value, step) => t.true(Math.abs(lrs[step]! - value) < 1e-15, `step ${step}: ${lrs[step]}`));
});

test('cosine decay values', (t) => {
  // factor = 0.1 + 0.9 * (1 + cos(pi * step / 4)) / 2:
  // step 1: 0.1 + 0.45 * (1 + 0.7071067811865476) = 0.8681980515339464
  // step 2: 0.1 + 0.45 * 1 = 0.55; step 3: 0.1 + 0.45 * (1 - 0.7071067811865476) = 0.2318019484660536
  const factor = cosineDecayFactor({ totalSteps: 4, minFactor: 0.1 });
  const expected = [1, 0.8681980515339464, 0.55, 0.2318019484660536, 0.1, 0.1];
  expected.forEach((value, step) => t.true(Math.abs(factor(step) - value) < 1e-15, `step ${step}: ${factor(step)}`));

  const lrs = lrsOver(new CosineDecayLR(optimizer(2), { totalSteps: 4 }), 4);
  t.true(Math.abs(lrs[2]! - 1) < 1e-15);
  t.is(lrs[4], 0);
});

test('warmup cosine values', (t) => {
  // Warmup over 2 steps, then cosine over the 4 steps to totalSteps 6.
  // step 3: progress 1/4, 0.5 * (1 + cos(pi / 4)) = 0.8535533905932737; step 5: 0.5 * (1 - cos(pi / 4)) = 0.1464466094067262
  const factor = warmupCosineFactor({ warmupSteps: 2, totalSteps: 6 });
  const expected = [0, 0.5, 1, 0.8535533905932737, 0.5, 0.1464466094067262, 0, 0];
  expected.forEach((value, step) => t.true(Math.abs(factor(step) - value) < 1e-15, `step ${step}: ${factor(step)}`));

  const scheduler = new WarmupCosineLR(optimizer(0.01), { warmupSteps: 2, totalSteps: 6, minFactor: 0.1 });
  t.true(Math.abs(lrsOver(scheduler, 6)[6]! - 0.001) < 1e-15);
});

test('schedule state dict restores step', (t) => {
  const first = new LinearWarmupLR(optimizer(0.1), { warmupSteps: 10 });
  first.step();
  first.step();
  first.step();

  const sgd = optimizer(0.1);
  const second = new LinearWarmupLR(sgd, { warmupSteps: 10 });
  second.loadStateDict(first.stateDict());
  t.deepEqual(second.getLastLr(), first.getLastLr());
  t.is(sgd.paramGroups[0]!.lr, first.getLastLr()[0]);
});

test('schedules reject invalid options', (t) => {
  t.throws(() => linearWarmupFactor({ warmupSteps: 0 }), { message: /warmupSteps is 0; it must be an integer >= 1/ });
  t.throws(() => cosineDecayFactor({ totalSteps: 10, minFactor: 2 }), { message: /minFactor is 2/ });
  t.throws(() => warmupCosineFactor({ warmupSteps: 5, totalSteps: 5 }), { message: /totalSteps is 5; it must be an integer >= 6/ });
});
