import test from 'ava';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Generator, loadSafetensors } from 'fusegrad';

import { OUTPUT_FILES } from './run.js';
import { Classifier } from './train/classifier.js';

const cliPath = fileURLToPath(new URL('./cli.js', import.meta.url));

const TINY_MNIST = [
  '--train-examples', '300', '--held-out-examples', '200', '--epochs', '2', '--teacher-epochs', '2',
  '--teacher-hidden', '32', '--student-hidden', '8', '--batch-size', '50', '--lr', '0.005', '--backend', 'cpu',
];
const TINY_BROWN = [
  '--task', 'brown', '--train-examples', '400', '--held-out-examples', '100', '--vocab-size', '300',
  '--epochs', '1', '--teacher-epochs', '1', '--teacher-hidden', '32', '--student-hidden', '8',
  '--embedding-dim', '8', '--batch-size', '50', '--backend', 'cpu',
];

interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runCli(args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    // FUSEGRAD_BACKEND is cleared so that the caller's environment cannot change the backend default.
    const env = { ...process.env, FUSEGRAD_BACKEND: '' };
    execFile(process.execPath, [cliPath, ...args], { env, timeout: 120_000 }, (error, stdout, stderr) => {
      let status = 0;
      if (error) status = typeof error.code === 'number' ? error.code : 1;
      resolve({ status, stdout, stderr });
    });
  });
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'distill-cli-'));
}

function readMetrics(dir: string): Record<string, any> {
  return JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'));
}

/** Drops wall times, whose values differ between runs, and the output path. */
function withoutTimes(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, entry) =>
    key === 'wallSeconds' || key === 'totalSeconds' || key === 'out' ? undefined : entry,
  );
}

test('distill mnist tiny run', async (t) => {
  const out = join(scratch(), 'run');
  const result = await runCli([...TINY_MNIST, '--out', out]);
  t.is(result.status, 0, result.stderr);

  t.regex(result.stdout, /model\s+layers\s+parameters\s+held-out accuracy\s+agreement with teacher\s+wall time\s+peak tensor memory/);
  t.regex(result.stdout, /\nteacher\s+784-32-10\s+25,450\s+\d+\.\d\d%\s+100\.00%\s+\d+\.\d s\s+\d/);
  t.regex(result.stdout, /\ndistilled student\s+784-8-10\s+6,370\s+\d+\.\d\d%\s+\d+\.\d\d%/);
  t.regex(result.stdout, /\nhard-label student\s+784-8-10\s+6,370\s+\d+\.\d\d%/);
  t.regex(result.stdout, /The distilled student (beats|does not beat) the hard-label student on held-out accuracy/);
  t.false(result.stdout.includes('\r'), 'a pipe must get plain lines');

  t.deepEqual(readdirSync(out).sort(), [...OUTPUT_FILES].sort());
  const metrics = readMetrics(out);
  t.is(metrics.task, 'mnist');
  t.is(metrics.data.trainExamples, 300);
  t.is(metrics.data.heldOutExamples, 200);
  t.is(metrics.data.studentTrainExamples, 300);
  t.is(metrics.backend.requested, 'cpu');
  t.deepEqual(metrics.backend.fastPath, { backend: 'cpu', workers: 0, calls: 48 });
  t.is(metrics.backend.ran, 'the cpu fast path in the main thread');
  t.true(result.stdout.includes('\nBackend: requested cpu, ran the cpu fast path in the main thread.\n'), 'backend line');
  for (const name of ['teacher', 'distilledStudent', 'hardLabelStudent']) {
    const model = metrics.models[name];
    t.true(model.heldOutAccuracy > 0.3, `${name} accuracy ${model.heldOutAccuracy} is near chance`);
    t.true(model.agreementWithTeacher >= 0 && model.agreementWithTeacher <= 1, name);
    t.true(model.wallSeconds > 0, name);
    t.true(model.peakTensorBytes > 0, name);
    t.is(model.epochs.length, 2, name);
  }
  t.is(metrics.models.teacher.agreementWithTeacher, 1);
  t.is(metrics.models.distilledStudent.parameters, 6370);
  t.is(typeof metrics.distilledBeatsHardLabel, 'boolean');

  const png = readFileSync(join(out, 'loss-curves.png'));
  t.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const svg = readFileSync(join(out, 'held-out.svg'), 'utf8');
  t.regex(svg, /data-name="teacher \(cross entropy\)"/);
  t.regex(svg, /data-name="hard-label student \(cross entropy\)"/);
});

test('distill checkpoint loads into model', async (t) => {
  const out = join(scratch(), 'run');
  const result = await runCli([...TINY_MNIST, '--epochs', '1', '--teacher-epochs', '1', '--student-examples', '100', '--out', out]);
  t.is(result.status, 0, result.stderr);
  t.regex(result.stdout, /300 training examples \(100 for the students\)/);
  t.regex(result.stdout, /distilled student: layers 784-8-10, 6,370 parameters, 1 epoch of 2 steps/);

  const { tensors, metadata } = await loadSafetensors(join(out, 'student-distilled.safetensors'));
  t.is(metadata.model, 'distilled student');
  t.is(metadata.layers, '784-8-10');
  const student = new Classifier({ inputSize: 784, hidden: [8], classCount: 10 }, new Generator(123));
  t.deepEqual(Object.keys(tensors).sort(), Object.keys(student.stateDict()).sort());
  student.loadStateDict(tensors);
  t.deepEqual(student.head.weight.toFloat32Array(), tensors['head.weight']!.toFloat32Array());
});

test('distill brown tiny run', async (t) => {
  const out = join(scratch(), 'run');
  const result = await runCli([...TINY_BROWN, '--out', out]);
  t.is(result.status, 0, result.stderr);

  t.regex(result.stdout, /held-out perplexity\s+next-word accuracy\s+agreement with teacher/);
  t.regex(result.stdout, /\nteacher\s+emb 300x8, 24-32-300\s+/);
  t.regex(result.stdout, /The distilled student (beats|does not beat) the hard-label student on held-out perplexity/);
  const metrics = readMetrics(out);
  t.is(metrics.task, 'brown');
  t.is(metrics.data.vocabSize, 300);
  t.is(metrics.data.trainExamples, 400);
  t.is(metrics.comparedBy, 'heldOutPerplexity');
  t.regex(metrics.models.distilledStudent.objective, /fusedLinearJSD/);
  for (const name of ['teacher', 'distilledStudent', 'hardLabelStudent']) {
    const perplexity = metrics.models[name].heldOutPerplexity;
    // A model that learned nothing has about the vocabulary size as perplexity.
    t.true(perplexity > 1 && perplexity < 300, `${name} perplexity ${perplexity}`);
  }
  t.deepEqual(readdirSync(out).sort(), [...OUTPUT_FILES].sort());
});

test('distill same seed same numbers', async (t) => {
  const root = scratch();
  const [first, second, otherSeed] = await Promise.all([
    runCli([...TINY_MNIST, '--out', join(root, 'a')]),
    runCli([...TINY_MNIST, '--out', join(root, 'b')]),
    runCli([...TINY_MNIST, '--seed', '1', '--out', join(root, 'c')]),
  ]);
  t.is(first.status, 0, first.stderr);
  t.is(second.status, 0, second.stderr);
  t.is(otherSeed.status, 0, otherSeed.stderr);

  t.deepEqual(withoutTimes(readMetrics(join(root, 'a'))), withoutTimes(readMetrics(join(root, 'b'))));
  for (const name of ['teacher.safetensors', 'student-distilled.safetensors', 'student-hard-label.safetensors']) {
    t.deepEqual(readFileSync(join(root, 'a', name)), readFileSync(join(root, 'b', name)), name);
  }
  // A different seed must change the result, or the comparison above could not fail.
  t.notDeepEqual(
    readMetrics(join(root, 'a')).models.distilledStudent.epochs,
    readMetrics(join(root, 'c')).models.distilledStudent.epochs,
  );
});

test('distill brown same seed same numbers', async (t) => {
  const root = scratch();
  const [first, second] = await Promise.all([
    runCli([...TINY_BROWN, '--out', join(root, 'a')]),
    runCli([...TINY_BROWN, '--out', join(root, 'b')]),
  ]);
  t.is(first.status, 0, first.stderr);
  t.is(second.status, 0, second.stderr);
  t.deepEqual(withoutTimes(readMetrics(join(root, 'a'))), withoutTimes(readMetrics(join(root, 'b'))));
  t.deepEqual(readFileSync(join(root, 'a', 'student-distilled.safetensors')), readFileSync(join(root, 'b', 'student-distilled.safetensors')));
});

test('distill rejects bad input', async (t) => {
  const root = scratch();
  const out = join(root, 'run');
  const cases: [string[], RegExp][] = [
    [['--task', 'cifar'], /distill: error: --task is "cifar"; pass one of mnist, brown/],
    [['--epochs', '-2'], /distill: error: --epochs is "-2"; pass a positive integer/],
    [['--lr', 'abc'], /distill: error: --lr is "abc", which is not a number/],
    [['--temperature', '-1'], /distill: error: --temperature is -1; pass a number greater than 0/],
    [['--bogus'], /distill: error: unknown option --bogus; run distill --help/],
  ];
  for (const [args, expected] of cases) {
    const result = await runCli([...args, '--out', out]);
    t.is(result.status, 2, args.join(' '));
    t.regex(result.stderr, expected);
    t.is(result.stdout, '');
  }
  t.deepEqual(readdirSync(root), []);
});

test('distill rejects unwritable output', async (t) => {
  const root = scratch();
  writeFileSync(join(root, 'file'), 'not a folder');
  const result = await runCli([...TINY_MNIST, '--out', join(root, 'file', 'run')]);
  t.is(result.status, 1);
  t.regex(result.stderr, /distill: error: --out ".*file\/run" is not writable .*; pass a folder you can write to/);
  t.deepEqual(readdirSync(root), ['file']);
});

test('distill failure leaves no files', async (t) => {
  const root = scratch();
  mkdirSync(join(root, 'run'));
  writeFileSync(join(root, 'run', 'older.txt'), 'kept');
  // A huge learning rate passes option parsing but makes the loss overflow in the first epoch, after staging began.
  const result = await runCli([...TINY_MNIST, '--lr', '1e30', '--out', join(root, 'run')]);
  t.is(result.status, 1, result.stdout);
  t.regex(result.stderr, /distill: error: .*(NaN|Infinity)/);
  t.deepEqual(readdirSync(root), ['run']);
  t.deepEqual(readdirSync(join(root, 'run')), ['older.txt']);
});

test('distill help', async (t) => {
  // pnpm passes the arguments of `pnpm distill --help` after a `--`.
  const result = await runCli(['--', '--help']);
  t.is(result.status, 0);
  t.regex(result.stdout, /^Usage: distill \[options\]/);
  t.regex(result.stdout, /--alpha A\s+weight in \[0, 1\] of the hard-label cross entropy/);
});

interface StoppedRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Time from sending the signal to the process exit, in milliseconds. */
  readonly exitMilliseconds: number;
}

/** Starts the CLI, sends `signal` once the first teacher epoch is printed, and waits for the process to exit. */
function runCliUntilSignal(args: readonly string[], signal: 'SIGINT' | 'SIGTERM'): Promise<StoppedRun> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, FUSEGRAD_BACKEND: '' };
    const child = spawn(process.execPath, [cliPath, ...args], { env });
    // A run that ignores the signal still ends within this time, so the test cannot hang.
    const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
    let stdout = '';
    let stderr = '';
    let signalledAt: number | null = null;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      if (signalledAt === null && /teacher: epoch 1\//.test(stdout)) {
        signalledAt = performance.now();
        child.kill(signal);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(guard);
      const exitMilliseconds = signalledAt === null ? NaN : performance.now() - signalledAt;
      resolve({ status, stdout, stderr, exitMilliseconds });
    });
  });
}

test('distill stops promptly on signal', async (t) => {
  const root = scratch();
  // Enough epochs to train for tens of seconds, so a run that only notices the signal at the end is caught.
  const manyEpochs = [...TINY_MNIST, '--epochs', '300', '--teacher-epochs', '300'];
  const [terminated, interrupted] = await Promise.all([
    runCliUntilSignal([...manyEpochs, '--out', join(root, 'term', 'run')], 'SIGTERM'),
    runCliUntilSignal([...manyEpochs, '--out', join(root, 'int', 'run')], 'SIGINT'),
  ]);

  for (const [run, expectedStatus, name] of [
    [terminated, 143, 'SIGTERM'],
    [interrupted, 130, 'SIGINT'],
  ] as const) {
    t.is(run.status, expectedStatus, `${name}: ${run.stderr}`);
    t.true(run.exitMilliseconds < 5000, `${name}: exited ${run.exitMilliseconds.toFixed(0)} ms after the signal`);
    t.regex(run.stderr, new RegExp(`distill: stopped by ${name}; no files were written`));
    t.notRegex(run.stdout, /hard-label student: epoch/, `${name}: training went on after the signal`);
  }
  t.deepEqual(readdirSync(root), []);
});

test('distill auto backend report', async (t) => {
  const out = join(scratch(), 'run');
  const result = await runCli([...TINY_MNIST, '--epochs', '1', '--teacher-epochs', '1', '--backend', 'auto', '--out', out]);
  t.is(result.status, 0, result.stderr);

  const backend = readMetrics(out).backend;
  t.is(backend.requested, 'auto');
  t.not(backend.fastPath, undefined, 'metrics.json must say whether the fast path ran');
  // Under auto, float32 losses run on the fast path when one is correct on this machine, else on gpu.js kernels.
  if (backend.fastPath !== null) {
    t.true(backend.fastPath.calls > 0);
    t.regex(backend.ran, new RegExp(`^the ${backend.fastPath.backend} fast path (with \\d+ workers?|in the main thread)`));
  } else {
    t.not(backend.active, null);
    t.is(backend.ran, backend.active);
  }
  if (backend.active === null) t.false(backend.ran.includes('gpu.js'), 'no gpu.js kernel ran');
  t.true(result.stdout.includes(`\nBackend: requested auto, ran ${backend.ran}`), result.stdout);
});
