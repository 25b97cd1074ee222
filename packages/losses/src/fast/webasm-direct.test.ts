import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import test from 'ava';
import { GPU, Input } from 'gpu.js';
import type { IKernelRunShortcut } from 'gpu.js';

import { activeWebAssemblyEntry, checkWebAssemblyInternals, runWebAssemblyDirect } from './webasm-direct.js';

const require = createRequire(import.meta.url);

test('gpu.js version is pinned', (t) => {
  const manifest = JSON.parse(readFileSync(require.resolve('gpu.js/package.json'), 'utf8')) as { version: string };
  t.is(
    manifest.version,
    '2.24.1',
    'the fast webasm path reads private members of gpu.js 2.24.1 (WebAssemblyKernel._active, dispatchSpans); ' +
      'check src/fast/webasm-direct.ts against the new version before changing the pin',
  );
});

test('webasm private members unchanged', (t) => {
  const gpu = new GPU({ mode: 'webasm' });
  t.teardown(() => gpu.destroy());
  const kernel = gpu.createKernel(
    function (this: { thread: { x: number } }, values: number[], scale: number) {
      return values[this.thread.x]! * scale;
    },
    { output: [8], dynamicOutput: true, dynamicArguments: true },
  ) as IKernelRunShortcut;
  kernel(new Input(Array.from({ length: 8 }, (_, i) => i), [8]), 2);

  const problems = checkWebAssemblyInternals(kernel.kernel);
  t.deepEqual(
    problems,
    [],
    `gpu.js WebAssemblyKernel internals changed: ${problems.join('; ')}. ` +
      'Update src/fast/webasm-direct.ts for the installed gpu.js or pin gpu.js to 2.24.1',
  );
});

test('webasm direct run matches public call', (t) => {
  const gpu = new GPU({ mode: 'webasm' });
  t.teardown(() => gpu.destroy());
  const kernel = gpu.createKernel(
    function (this: { thread: { x: number } }, values: number[], scale: number) {
      return values[this.thread.x]! * scale;
    },
    { output: [6], dynamicOutput: true, dynamicArguments: true },
  ) as IKernelRunShortcut;
  const values = Float32Array.of(1, 2, 3, 4, 5, 6);
  const expected = kernel(new Input(values as unknown as number[], [6]), 3) as unknown as Float32Array;

  const entry = activeWebAssemblyEntry(kernel.kernel, 6);
  t.not(entry, null);
  const direct = runWebAssemblyDirect(kernel.kernel, entry!, { values: Float32Array.of(6, 5, 4, 3, 2, 1) }, { scale: 3 }, 1);
  t.deepEqual(Array.from(expected), [3, 6, 9, 12, 15, 18]);
  t.deepEqual(Array.from(direct), [18, 15, 12, 9, 6, 3]);
  t.is(activeWebAssemblyEntry(kernel.kernel, 7), null, 'an entry built for other sizes is not returned');
});
