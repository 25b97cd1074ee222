import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import test from 'ava';

import { runBenchmark } from './bench.js';
import type { BenchPlan } from './plan.js';
import { writeReport } from './report/write.js';

const TINY_PLAN: BenchPlan = {
  name: 'tiny',
  seed: 5,
  contenders: [],
  excluded: [],
  linear: { rows: 12, hiddenSize: 8, vocabSize: 64 },
  timing: { warmup: 0, minRepetitions: 2, maxRepetitions: 2, modeBudgetMs: 100, maxStepMs: 1e9, targetMaxStepMs: 1e9 },
  cases: [
    { batchTokens: 4, vocabSize: 32, beta: 0.5, modes: ['forward', 'backward', 'full'], sweeps: ['vocab'] },
    { batchTokens: 4, vocabSize: 64, beta: 0.5, modes: ['full'], sweeps: ['vocab'] },
  ],
};

const WRONG_MODULE = new URL('./test-support/wrong-contenders.js', import.meta.url).href;

test('crashed worker restarts for later cases', async (t) => {
  const report = await runBenchmark({ plan: { ...TINY_PLAN, linear: null }, contenders: ['crash-at-v32'], modules: [WRONG_MODULE], command: 'bench.test' });

  const summary = report.contenders[0]!;
  t.is(summary.status, 'ran');
  t.regex(summary.reason, /worker exited with code 7 \(during BT = 4, V = 32, beta 0.5\)/);

  const crashed = report.records.filter((record) => record.vocabSize === 32);
  t.deepEqual(crashed.map((record) => record.status), ['failed', 'failed', 'failed']);
  const later = report.records.filter((record) => record.vocabSize === 64);
  t.deepEqual(later.map((record) => record.status), ['ok']);
});

test('tiny sweep checks, times and writes', async (t) => {
  const report = await runBenchmark({
    plan: TINY_PLAN,
    contenders: ['loop', 'copy', 'tfjs-cpu', 'tfjs-wasm', 'unfused', 'fused-cpu', 'fused-headlessgl', 'wrong-gradient', 'wrong-loss'],
    modules: [WRONG_MODULE],
    command: 'bench.test',
  });

  const status = (id: string) => report.contenders.find((contender) => contender.id === id);
  for (const id of ['loop', 'copy', 'tfjs-cpu', 'tfjs-wasm', 'wrong-gradient', 'wrong-loss']) {
    t.is(status(id)?.status, 'ran', `${id}: ${status(id)?.reason}`);
  }
  for (const id of ['unfused', 'fused-cpu', 'fused-headlessgl']) {
    const summary = status(id)!;
    t.true(summary.status === 'ran' || summary.reason !== '', `${id} is neither run nor explained`);
  }

  t.true(report.linear?.status === 'ok' || report.linear?.status === 'skipped', `linear suite: ${report.linear?.status} ${report.linear?.reason}`);
  if (report.linear?.status === 'ok') {
    t.true(report.linear.checkError! <= 1e-4);
    t.true(report.linear.ratio! > 0);
  }
  const linearTarget = report.targets.find((target) => target.id === 'linear-memory-vs-unfused')!;
  t.is(linearTarget.status, 'not measured');

  const records = (id: string) => report.records.filter((record) => record.contender === id);
  for (const id of ['wrong-gradient', 'wrong-loss']) {
    t.is(records(id).length, 4, id);
    for (const record of records(id)) {
      t.is(record.status, 'wrong', `${id} ${record.mode}`);
      t.is(record.time, undefined, `${id} was timed`);
    }
  }
  t.regex(records('wrong-gradient')[0]!.reason!, /1 of 128 gradient elements out of tolerance/);
  t.regex(records('wrong-loss')[0]!.reason!, /^loss /);

  const timed = report.records.filter((record) => record.status === 'ok');
  t.true(timed.length >= 8);
  for (const record of timed) {
    t.true(record.check?.ok, `${record.contender} ${record.mode} timed without a passing check`);
    t.true(record.time!.samples.length === 2, `${record.contender} ${record.mode} samples`);
    if (record.contender !== 'copy') t.true(Number.isFinite(record.check?.gradNormRelError), `${record.contender} not compared with the reference`);
  }

  const outDir = await mkdtemp(join(tmpdir(), 'fusegrad-bench-'));
  try {
    const files = await writeReport(report, outDir);
    const names = files.map((file) => file.slice(outDir.length + 1)).sort();
    for (const name of ['memory-vs-vocab.png', 'memory-vs-vocab.svg', 'results.json', 'results.md', 'speed-vs-vocab.png', 'speed-vs-vocab.svg']) {
      t.true(names.includes(name), `${name} missing from ${names.join(', ')}`);
    }
    for (const name of names.filter((item) => item.endsWith('.svg'))) t.true(names.includes(name.replace(/svg$/, 'png')), `${name} has no PNG`);

    const json = JSON.parse(await readFile(join(outDir, 'results.json'), 'utf8')) as { records: unknown[] };
    t.is(json.records.length, report.records.length);
    const markdown = await readFile(join(outDir, 'results.md'), 'utf8');
    t.regex(markdown, /\| wrong-gradient \| 4 \| 32 \| 0.5 \| full \| wrong \|/);
    const png = await readFile(join(outDir, 'speed-vs-vocab.png'));
    t.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
});
