import test from 'ava';
import { GPU, Input } from 'gpu.js';
import type { IKernelRunShortcut } from 'gpu.js';

import { createPow2Table, fastExp, fastLog1p, FAST_MATH_FUNCTIONS, POW2_TABLE_OFFSET } from './fast-math.js';
import { fastTestBackends } from './test-support.js';

// Relative error bounds asserted below. Float32 backends round every
// operation, so their bound is a few float32 ulps (2^-23 = 1.2e-7).
const FLOAT32_BOUND = 3e-7;
// The cpu backend evaluates kernels in float64 and only rounds the output
// to float32 (half an ulp, 6e-8).
const CPU_BACKEND_BOUND = 1e-7;
const EXP_FLOAT64_BOUND = 2e-8;
const LOG1P_FLOAT64_BOUND = 5e-9;

/** Float32 arguments spread over [low, high], ends included. */
function grid(low: number, high: number, count: number): Float32Array {
  return Float32Array.from({ length: count }, (_, i) => low + ((high - low) * i) / (count - 1));
}

function maxRelativeError(actual: ArrayLike<number>, expected: (x: number) => number, inputs: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < inputs.length; i++) {
    const want = expected(inputs[i]!);
    worst = Math.max(worst, Math.abs(actual[i]! - want) / Math.abs(want));
  }
  return worst;
}

function runElementwise(gpu: GPU, source: string, inputs: Float32Array): Float32Array {
  const kernel = gpu.createKernel(source as never, {
    output: [inputs.length],
    constants: { pow2: createPow2Table() },
  } as never) as IKernelRunShortcut;
  const output = kernel(new Input(inputs as unknown as number[], [inputs.length])) as unknown as Float32Array;
  return Float32Array.from(output);
}

function createGpu(backend: string): GPU {
  const gpu = new GPU({ mode: backend as never });
  for (const helper of FAST_MATH_FUNCTIONS) gpu.addFunction(helper as never);
  return gpu;
}

const pow2 = createPow2Table();
const expThis = { constants: { pow2 } };

// Results at or above 2^-126 are normal float32 numbers: x >= -87.3.
const normalRange = grid(-87.3, 88, 20001);

test('fastExp float64 accuracy', (t) => {
  const actual = Float64Array.from(normalRange, (x) => fastExp.call(expThis, x));
  const error = maxRelativeError(actual, Math.exp, normalRange);
  t.true(error <= EXP_FLOAT64_BOUND, `max relative error ${error} exceeds ${EXP_FLOAT64_BOUND}`);
});

test('fastExp clamps non-finite input', (t) => {
  t.is(fastExp.call(expThis, -Infinity), 0);
  t.is(fastExp.call(expThis, -1e30), 0);
  t.is(fastExp.call(expThis, -150), 0);
  t.true(Number.isFinite(fastExp.call(expThis, Infinity)));
  t.true(Number.isFinite(fastExp.call(expThis, 1e30)));
});

test('fastLog1p float64 accuracy', (t) => {
  const ratios = grid(0, 1, 20001).subarray(1);
  const actual = Float64Array.from(ratios, (x) => fastLog1p(x));
  const error = maxRelativeError(actual, Math.log1p, ratios);
  t.true(error <= LOG1P_FLOAT64_BOUND, `max relative error ${error} exceeds ${LOG1P_FLOAT64_BOUND}`);
  t.is(fastLog1p(0), 0);
});

test('pow2 table entries', (t) => {
  t.is(pow2[POW2_TABLE_OFFSET], 1);
  t.is(pow2[POW2_TABLE_OFFSET - 149], 2 ** -149);
  t.is(pow2[POW2_TABLE_OFFSET - 150], 0);
  t.is(pow2[pow2.length - 1], 2 ** 127);
});

for (const backend of fastTestBackends()) {
  const expBound = backend === 'cpu' ? CPU_BACKEND_BOUND : FLOAT32_BOUND;
  const log1pBound = expBound;

  test(`fastExp kernel accuracy on ${backend}`, (t) => {
    const gpu = createGpu(backend);
    t.teardown(() => gpu.destroy());
    const actual = runElementwise(gpu, 'function (x) { return fastExp(x[this.thread.x]); }', normalRange);
    const error = maxRelativeError(actual, Math.exp, normalRange);
    t.true(error <= expBound, `max relative error ${error} exceeds ${expBound}`);
  });

  test(`fastExp kernel special values on ${backend}`, (t) => {
    const gpu = createGpu(backend);
    t.teardown(() => gpu.destroy());
    const special = Float32Array.of(-Infinity, -1e30, -150, Infinity, 1e30, 0);
    const actual = runElementwise(gpu, 'function (x) { return fastExp(x[this.thread.x]); }', special);
    t.is(actual[0], 0, 'exp(-Infinity)');
    t.is(actual[1], 0, 'exp(-1e30)');
    t.is(actual[2], 0, 'exp(-150)');
    t.true(Number.isFinite(actual[3]!), `exp(Infinity) gave ${actual[3]}`);
    t.true(Number.isFinite(actual[4]!), `exp(1e30) gave ${actual[4]}`);
    t.is(actual[5], 1, 'exp(0)');
  });

  test(`fastLog1p kernel accuracy on ${backend}`, (t) => {
    const gpu = createGpu(backend);
    t.teardown(() => gpu.destroy());
    const ratios = grid(1e-6, 1, 20001);
    const actual = runElementwise(gpu, 'function (x) { return fastLog1p(x[this.thread.x]); }', ratios);
    const error = maxRelativeError(actual, Math.log1p, ratios);
    t.true(error <= log1pBound, `max relative error ${error} exceeds ${log1pBound}`);
  });
}
