import test from 'ava';
import type { BackendInfo } from 'fusegrad';

import { describeBackendRun, formatBackendLine } from './backend-report.js';

const autoOnCpu: BackendInfo = { requested: 'auto', selected: 'cpu', active: null, fellBack: false, reason: null };

test('describeBackendRun names fast path', (t) => {
  const report = describeBackendRun(autoOnCpu, { backend: 'webasm', workers: 2, calls: 30 });
  t.is(report.ran, 'the webasm fast path with 2 workers');
  t.deepEqual(report.fastPath, { backend: 'webasm', workers: 2, calls: 30 });
  t.is(report.selected, 'cpu');
  t.is(formatBackendLine(report), 'Backend: requested auto, ran the webasm fast path with 2 workers.');
});

test('describeBackendRun fast path cases', (t) => {
  const inline = describeBackendRun(autoOnCpu, { backend: 'headlessgl', workers: 0, calls: 3 });
  t.is(inline.ran, 'the headlessgl fast path in the main thread');

  const oneWorker = describeBackendRun(autoOnCpu, { backend: 'cpu', workers: 1, calls: 3 });
  t.is(oneWorker.ran, 'the cpu fast path with 1 worker');

  // A float64 loss under auto runs on the gpu.js kernels, so both can run in one process.
  const both = describeBackendRun({ ...autoOnCpu, active: 'cpu' }, { backend: 'webasm', workers: 2, calls: 3 });
  t.is(both.ran, 'the webasm fast path with 2 workers and gpu.js cpu');
});

test('describeBackendRun explicit backend', (t) => {
  // The calling-thread fast path of an explicit backend records its own kernels, so they are named once.
  const info: BackendInfo = { requested: 'cpu', selected: 'cpu', active: 'cpu', fellBack: false, reason: null };
  const report = describeBackendRun(info, { backend: 'cpu', workers: 0, calls: 5 });
  t.is(formatBackendLine(report), 'Backend: requested cpu, ran the cpu fast path in the main thread.');
});

test('describeBackendRun unused fast path', (t) => {
  const info: BackendInfo = { ...autoOnCpu, selected: 'headlessgl', active: 'headlessgl' };
  const report = describeBackendRun(info, { backend: 'webasm', workers: 2, calls: 0 });
  t.is(report.fastPath, null);
  t.is(report.ran, 'headlessgl');
  t.is(formatBackendLine(report), 'Backend: requested auto, ran headlessgl.');
});

test('describeBackendRun nothing ran', (t) => {
  const report = describeBackendRun(autoOnCpu, null);
  t.is(report.ran, null);
  t.is(formatBackendLine(report), 'Backend: requested auto, no loss kernel ran.');
});

test('formatBackendLine fallback', (t) => {
  const info: BackendInfo = { requested: 'webasm', selected: 'webasm', active: 'cpu', fellBack: true, reason: 'no WebAssembly' };
  t.is(formatBackendLine(describeBackendRun(info, null)), 'Backend: requested webasm, ran cpu (fell back: no WebAssembly).');
});
