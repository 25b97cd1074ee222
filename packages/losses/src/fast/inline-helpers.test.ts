import test from 'ava';
import { GPU, Input } from 'gpu.js';
import type { IKernelRunShortcut } from 'gpu.js';

import { createPow2Table, FAST_MATH_FUNCTIONS, fastExp, fastLog1p } from './fast-math.js';
import { inlineHelpers } from './inline-helpers.js';
import { JSD_PAIR_KERNEL_SOURCE, jsdPairKernel } from './kernels.js';
import { randomLogProbs } from './test-support.js';

const rows = 4;
const vocabSize = 64;

function runPairKernel(backend: 'cpu' | 'webasm', source: string, beta: number, kind: number): Float32Array {
  const gpu = new GPU({ mode: backend });
  for (const helper of FAST_MATH_FUNCTIONS) gpu.addFunction(helper as never);
  const kernel = gpu.createKernel(source as never, {
    output: [vocabSize, rows],
    constants: { pow2: createPow2Table() },
    returnType: 'Array(2)',
  } as never) as IKernelRunShortcut;
  const input = randomLogProbs(rows, vocabSize, 31);
  const target = randomLogProbs(rows, vocabSize, 32);
  input[3] = -Infinity;
  target[5] = -Infinity;
  const output = kernel(
    new Input(input as unknown as number[], [vocabSize, rows]),
    new Input(target as unknown as number[], [vocabSize, rows]),
    new Input(new Float32Array(rows).fill(0.5) as unknown as number[], [rows]),
    beta,
    beta > 0 ? Math.log(beta) : -1e30,
    beta < 1 ? Math.log1p(-beta) : -1e30,
    kind,
  ) as unknown as Float32Array[][];
  gpu.destroy();
  return Float32Array.from(output.flat().flatMap((pair) => Array.from(pair)));
}

for (const backend of ['cpu', 'webasm'] as const) {
  test(`inlined jsd kernel equals helper calls on ${backend}`, (t) => {
    for (const [beta, kind] of [[0.3, 0], [0, 1], [1, 2]] as const) {
      const withCalls = runPairKernel(backend, jsdPairKernel.toString(), beta, kind);
      const inlined = runPairKernel(backend, JSD_PAIR_KERNEL_SOURCE, beta, kind);
      t.deepEqual(inlined, withCalls, `beta ${beta}`);
    }
  });
}

test('inlineHelpers expands calls', (t) => {
  const source = 'function k(a) { const e = fastExp(a); const l = fastLog1p(e); return l; }';
  const inlined = inlineHelpers(source, [fastExp, fastLog1p]);
  t.notRegex(inlined, /fastExp\(|fastLog1p\(/);
  t.regex(inlined, /const e = polynomial_fastExp1 \* this\.constants\.pow2\[n_fastExp1 \+ 160\];/);
  t.regex(inlined, /const s_fastLog1p2 = e \/ \(2\.0 \+ e\);/);
});

test('inlineHelpers rejects other call forms', (t) => {
  t.throws(() => inlineHelpers('function k(a) { return fastExp(a) + 1; }', [fastExp]), {
    message: /a call to fastExp is not of the form/,
  });
  t.throws(() => inlineHelpers('function k(a) { const e = fastExp(a * 2); return e; }', [fastExp]), {
    message: /a call to fastExp is not of the form/,
  });
});

test('inlineHelpers rejects early returns', (t) => {
  function twoReturns(x: number): number {
    if (x > 0) return x;
    return -x;
  }
  t.throws(() => inlineHelpers('function k(a) { const e = twoReturns(a); return e; }', [twoReturns]), {
    message: /twoReturns must end with its only return statement/,
  });
});
