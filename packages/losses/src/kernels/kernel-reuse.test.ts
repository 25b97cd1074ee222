import test from 'ava';

import { getGPU } from '@fusegrad/core';

import { availableTestBackends } from '../test-backends.js';
import { computeCrossEntropyAsync } from './cross-entropy-kernel.js';
import { computeJsdAsync } from './jsd-kernel.js';

const backends = await availableTestBackends();
const shapes = [
  [3, 7],
  [5, 11],
  [1, 4],
] as const;

/** Counts live WebGL objects by wrapping the context's create and delete calls. */
function trackLiveGLObjects(context: Record<string, unknown>) {
  const live = { textures: 0, framebuffers: 0, buffers: 0, created: 0 };
  const wrap = (create: string, remove: string, key: 'textures' | 'framebuffers' | 'buffers') => {
    const originalCreate = context[create] as (...args: unknown[]) => unknown;
    const originalDelete = context[remove] as (...args: unknown[]) => unknown;
    context[create] = (...args: unknown[]) => {
      live[key]++;
      live.created++;
      return originalCreate.apply(context, args);
    };
    context[remove] = (...args: unknown[]) => {
      if (args[0]) live[key]--;
      return originalDelete.apply(context, args);
    };
  };
  wrap('createTexture', 'deleteTexture', 'textures');
  wrap('createFramebuffer', 'deleteFramebuffer', 'framebuffers');
  wrap('createBuffer', 'deleteBuffer', 'buffers');
  return live;
}

async function runBoth(backend: (typeof backends)[number], rows: number, vocabSize: number) {
  const logProbs = new Float32Array(rows * vocabSize).fill(-Math.log(vocabSize));
  const rowWeights = new Float32Array(rows).fill(1);
  await computeJsdAsync({ input: logProbs, target: logProbs, rows, vocabSize, beta: 0.5, rowWeights }, backend);
  await computeCrossEntropyAsync(
    { logits: logProbs, targets: new Array(rows).fill(0), rows, vocabSize, labelSmoothing: 0, rowWeights },
    backend,
  );
}

for (const backend of backends) {
  test(`kernels reused across shapes on ${backend}`, async (t) => {
    // Warm up every shape once: each new shape may compile a variant that gpu.js keeps.
    for (const [rows, vocabSize] of shapes) await runBoth(backend, rows, vocabSize);
    const gpu = getGPU(backend) as unknown as { kernels: unknown[]; context: Record<string, unknown> | null };
    const kernelCount = gpu.kernels.length;
    if (backend === 'headlessgl') t.truthy(gpu.context, 'the headlessgl GPU instance shares one WebGL context');
    const live = backend === 'headlessgl' ? trackLiveGLObjects(gpu.context!) : null;

    const calls = backend === 'webasm' ? 300 : 1500;
    for (let call = 0; call < calls; call++) {
      const [rows, vocabSize] = shapes[call % shapes.length]!;
      await runBoth(backend, rows, vocabSize);
    }

    t.is(gpu.kernels.length, kernelCount, 'kernels created after warm-up');
    if (live) {
      t.log(`WebGL objects created during the calls: ${live.created}`);
      t.true(live.textures <= 0, `textures still alive: ${live.textures}`);
      t.true(live.framebuffers <= 0, `framebuffers still alive: ${live.framebuffers}`);
      t.true(live.buffers <= 0, `buffers still alive: ${live.buffers}`);
    }
  });
}
