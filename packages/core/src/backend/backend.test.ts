import test from 'ava';

import { backendInfo, cachedKernel, getBackend, getGPU, prepareWebGPU, recordKernelRun, resolveBackend, setBackend } from './index.js';
import type { BackendName } from './backend-name.js';
import { probeHeadlessGL } from './gl-probe.js';

// Called by name inside a gpu.js kernel map, which gpu.js resolves from the map's own functions.
declare function storeDoubled(value: number): number;

const glProbe = probeHeadlessGL();
const webgpu = await prepareWebGPU();
if (!glProbe.available) console.log(`headlessgl tests skipped: ${glProbe.detail}`);
if (!webgpu.available) console.log(`webgpu tests skipped: ${webgpu.detail}`);

function runIndexKernel(backend: 'cpu' | 'webasm' | 'headlessgl') {
  const kernel = cachedKernel(backend, 'backend-test.index', (gpu) =>
    gpu.createKernel(
      function () {
        return this.thread.x * 3;
      },
      { output: [4] },
    ),
  );
  const values = Array.from(kernel() as Float32Array);
  recordKernelRun(kernel, backend);
  return { kernel, values };
}

test.serial('setBackend rejects unknown names', (t) => {
  const error = t.throws(() => setBackend('gpu' as BackendName));
  t.regex(error.message, /setBackend: unknown backend "gpu"/);
  t.regex(error.message, /'auto', 'cpu', 'webasm', 'headlessgl', 'webgpu'/);
});

test.serial('getBackend reads FUSEGRAD_BACKEND', (t) => {
  const saved = process.env.FUSEGRAD_BACKEND;
  try {
    process.env.FUSEGRAD_BACKEND = 'webasm';
    t.is(getBackend(), 'webasm');

    process.env.FUSEGRAD_BACKEND = '';
    t.is(getBackend(), 'auto');

    process.env.FUSEGRAD_BACKEND = 'cuda';
    const error = t.throws(() => getBackend());
    t.regex(error.message, /FUSEGRAD_BACKEND environment variable: unknown backend "cuda"; expected one of 'auto'/);

    setBackend('cpu');
    t.is(getBackend(), 'cpu');
  } finally {
    if (saved === undefined) delete process.env.FUSEGRAD_BACKEND;
    else process.env.FUSEGRAD_BACKEND = saved;
  }
});

test.serial('auto resolves by probing headlessgl', (t) => {
  setBackend('auto');
  t.is(resolveBackend(), glProbe.available ? 'headlessgl' : 'cpu');
  if (!process.env.DISPLAY) t.false(glProbe.available);

  const info = backendInfo();
  t.is(info.requested, 'auto');
  t.is(info.selected, resolveBackend());
  t.regex(info.reason ?? '', /^auto selected (headlessgl|cpu): /);
});

test.serial('cpu kernels report cpu', (t) => {
  setBackend('cpu');
  const { values } = runIndexKernel('cpu');
  t.deepEqual(values, [0, 3, 6, 9]);

  const info = backendInfo();
  t.deepEqual(info, { requested: 'cpu', selected: 'cpu', active: 'cpu', fellBack: false, reason: null });
});

test.serial('webasm kernel map reports fallback', (t) => {
  setBackend('webasm');
  const kernel = cachedKernel('webasm', 'backend-test.map', (gpu) =>
    gpu.createKernelMap(
      {
        doubled: function storeDoubled(value: number) {
          return value * 2;
        },
      },
      function () {
        storeDoubled(this.thread.x);
        return this.thread.x;
      },
      { output: [3] },
    ),
  );
  const result = kernel() as unknown as { result: Float32Array; doubled: Float32Array };
  recordKernelRun(kernel, 'webasm');

  t.deepEqual(Array.from(result.doubled), [0, 2, 4]);
  const info = backendInfo();
  t.is(info.selected, 'webasm');
  t.is(info.active, 'cpu');
  t.true(info.fellBack);
  t.regex(info.reason ?? '', /kernel map/);
});

test.serial('webasm plain kernel stays on webasm', (t) => {
  setBackend('webasm');
  const { values } = runIndexKernel('webasm');
  t.deepEqual(values, [0, 3, 6, 9]);
  t.deepEqual(backendInfo(), { requested: 'webasm', selected: 'webasm', active: 'webasm', fellBack: false, reason: null });
});

test.serial('cachedKernel compiles once per key', (t) => {
  const first = runIndexKernel('cpu').kernel;
  const second = runIndexKernel('cpu').kernel;
  t.is(first, second);
  t.is(getGPU('cpu'), getGPU('cpu'));
});

(glProbe.available ? test.serial : test.serial.skip)('headlessgl kernels report headlessgl', (t) => {
  setBackend('headlessgl');
  const { values } = runIndexKernel('headlessgl');
  t.deepEqual(values, [0, 3, 6, 9]);
  t.deepEqual(backendInfo(), {
    requested: 'headlessgl',
    selected: 'headlessgl',
    active: 'headlessgl',
    fellBack: false,
    reason: null,
  });
});

(glProbe.available ? test.serial.skip : test.serial)('headlessgl without GL throws', (t) => {
  const error = t.throws(() => getGPU('headlessgl'));
  t.regex(error.message, /^headlessgl backend: unavailable because .*xvfb-run/);
});

(webgpu.available ? test.serial : test.serial.skip)('webgpu kernels report webgpu', async (t) => {
  setBackend('webgpu');
  const kernel = cachedKernel('webgpu', 'backend-test.index', (gpu) =>
    gpu.createKernel(
      function () {
        return this.thread.x * 3;
      },
      { output: [4] },
    ),
  );
  const values = Array.from((await kernel()) as unknown as Float32Array);
  recordKernelRun(kernel, 'webgpu');
  t.deepEqual(values, [0, 3, 6, 9]);
  t.is(backendInfo().active, 'webgpu');
});

(webgpu.available ? test.serial.skip : test.serial)('webgpu without adapter throws', (t) => {
  const error = t.throws(() => getGPU('webgpu'));
  t.regex(error.message, /^webgpu backend: unavailable because /);
  t.is(error.message.includes(webgpu.detail), true);
});
