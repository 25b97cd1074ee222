import test from 'ava';

import { Generator, type Tensor } from '@fusegrad/core';

import { calculateFans, calculateGain } from './gain.js';
import { kaimingNormal, kaimingUniform, xavierNormal, xavierUniform } from './initializers.js';

function statistics(values: Tensor): { mean: number; std: number; maxAbs: number } {
  let sum = 0;
  let maxAbs = 0;
  for (const value of values.data) {
    sum += value;
    maxAbs = Math.max(maxAbs, Math.abs(value));
  }
  const mean = sum / values.size;
  let squares = 0;
  for (const value of values.data) squares += (value - mean) ** 2;
  return { mean, std: Math.sqrt(squares / values.size), maxAbs };
}

test('gain matches pytorch table', (t) => {
  t.is(calculateGain('linear'), 1);
  t.is(calculateGain('sigmoid'), 1);
  t.is(calculateGain('tanh'), 5 / 3);
  t.is(calculateGain('relu'), Math.SQRT2);
  t.is(calculateGain('selu'), 0.75);
  // sqrt(2 / (1 + 0.01^2))
  t.is(calculateGain('leaky_relu'), Math.sqrt(2 / 1.0001));
  // sqrt(2 / (1 + 5)), the gain behind Linear's default initialisation
  t.is(calculateGain('leaky_relu', Math.sqrt(5)), Math.sqrt(2 / 6));
  t.throws(() => calculateGain('swish' as 'relu'), { message: /unknown nonlinearity "swish"/ });
});

test('fans of linear and conv shapes', (t) => {
  t.deepEqual(calculateFans([10, 784]), { fanIn: 784, fanOut: 10 });
  // [out 8, in 3, 5 x 5 kernel]: fanIn = 3 * 25, fanOut = 8 * 25
  t.deepEqual(calculateFans([8, 3, 5, 5]), { fanIn: 75, fanOut: 200 });
  t.throws(() => calculateFans([5]), { message: /has 1 dimensions; fan in and fan out need at least 2/ });
  t.throws(() => kaimingUniform([5]), { message: /^kaimingUniform: shape \[5\]/ });
});

test('kaiming uniform bound and spread', (t) => {
  // leaky_relu with a = 0 has gain sqrt(2); bound = sqrt(3) * sqrt(2) / sqrt(fanIn 400) = sqrt(6) / 20
  const bound = Math.sqrt(6) / 20;
  const { mean, std, maxAbs } = statistics(kaimingUniform([50, 400], { generator: new Generator(1), dtype: 'float64' }));

  t.true(maxAbs <= bound);
  t.true(maxAbs > 0.99 * bound);
  t.true(Math.abs(mean) < 0.01 * bound);
  // U(-b, b) has standard deviation b / sqrt(3); 20,000 samples land within 2%.
  t.true(Math.abs(std - bound / Math.sqrt(3)) < 0.02 * bound, `std ${std}`);
});

test('kaiming fan out mode', (t) => {
  // relu gain sqrt(2), fanOut 50: std = sqrt(2) / sqrt(50) = 0.2
  const { std } = statistics(kaimingNormal([50, 400], { mode: 'fanOut', nonlinearity: 'relu', generator: new Generator(2) }));
  t.true(Math.abs(std - 0.2) < 0.005, `std ${std}`);
});

test('xavier bound and std', (t) => {
  // bound = gain * sqrt(6 / (fanIn + fanOut)) = 2 * sqrt(6 / 600) = 0.2
  const uniformValues = statistics(xavierUniform([200, 400], { gain: 2, generator: new Generator(3) }));
  t.true(uniformValues.maxAbs <= 0.2 + 1e-7);
  t.true(uniformValues.maxAbs > 0.199);

  // std = sqrt(2 / (fanIn + fanOut)) = sqrt(2 / 600) = 0.057735
  const normalValues = statistics(xavierNormal([200, 400], { generator: new Generator(4) }));
  t.true(Math.abs(normalValues.std - Math.sqrt(2 / 600)) < 0.001, `std ${normalValues.std}`);
});

test('initializers repeat with seed', (t) => {
  const first = kaimingUniform([4, 3], { generator: new Generator(9) });
  const second = kaimingUniform([4, 3], { generator: new Generator(9) });
  const other = kaimingUniform([4, 3], { generator: new Generator(10) });

  t.deepEqual([...first.data], [...second.data]);
  t.notDeepEqual([...first.data], [...other.data]);
  t.is(first.dtype, 'float32');
  t.false(first.requiresGrad);
});
