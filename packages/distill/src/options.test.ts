import test from 'ava';
import { helpText, parseCommandLine, UsageError, type DistillOptions } from './options.js';

function parse(argv: string[], environment: Record<string, string> = {}): DistillOptions {
  const parsed = parseCommandLine(argv, '/base', environment);
  if (parsed.help) throw new Error('expected options, got help');
  return parsed.options;
}

function usageMessage(argv: string[], environment: Record<string, string> = {}): string {
  try {
    parseCommandLine(argv, '/base', environment);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`no UsageError for ${argv.join(' ')}`);
}

test('parseCommandLine mnist defaults', (t) => {
  const options = parse([]);
  t.is(options.task, 'mnist');
  t.is(options.epochs, 20);
  t.is(options.studentExamples, 2000);
  t.is(options.teacherLr, 0.001);
  t.is(options.beta, 0.5);
  t.is(options.seed, 0);
  t.is(options.backend, 'auto');
  t.is(options.out, '/base/out/distill-mnist');
  t.deepEqual(options.teacherHidden, [256, 256]);
  t.is(options.trainExamples, null);
});

test('parseCommandLine brown defaults', (t) => {
  const options = parse(['--task', 'brown']);
  t.is(options.task, 'brown');
  t.is(options.out, '/base/out/distill-brown');
  t.is(options.vocabSize, 4000);
  t.is(options.trainExamples, 20_000);
});

test('parseCommandLine explicit values', (t) => {
  const options = parse([
    '--epochs=3',
    '--batch-size',
    '32',
    '--lr',
    '1e-3',
    '--temperature',
    '2.5',
    '--beta',
    '0',
    '--alpha',
    '1',
    '--seed',
    '7',
    '--backend',
    'cpu',
    '--out',
    '/tmp/run',
    '--train-examples',
    'all',
    '--student-hidden',
    '16,8',
  ]);
  t.is(options.epochs, 3);
  t.is(options.batchSize, 32);
  t.is(options.lr, 0.001);
  t.is(options.temperature, 2.5);
  t.is(options.beta, 0);
  t.is(options.alpha, 1);
  t.is(options.seed, 7);
  t.is(options.backend, 'cpu');
  t.is(options.out, '/tmp/run');
  t.is(options.trainExamples, null);
  t.deepEqual(options.studentHidden, [16, 8]);
});

test('parseCommandLine backend from environment', (t) => {
  t.is(parse([], { FUSEGRAD_BACKEND: 'cpu' }).backend, 'cpu');
  t.is(parse(['--backend', 'webasm'], { FUSEGRAD_BACKEND: 'cpu' }).backend, 'webasm');
  t.regex(usageMessage([], { FUSEGRAD_BACKEND: 'cuda' }), /FUSEGRAD_BACKEND is "cuda"; pass one of auto, cpu/);
});

test('parseCommandLine help', (t) => {
  t.deepEqual(parseCommandLine(['--help'], '/base'), { help: true });
  t.deepEqual(parseCommandLine(['-h'], '/base'), { help: true });
});

test('parseCommandLine rejects bad input', (t) => {
  const cases: [string[], RegExp][] = [
    [['--task', 'cifar'], /--task is "cifar"; pass one of mnist, brown/],
    [['--epochs', '-3'], /--epochs is "-3"; pass a positive integer, as in --epochs 20/],
    [['--epochs', '0'], /--epochs is "0"; pass a positive integer/],
    [['--epochs', '2.5'], /--epochs is "2.5"; pass a positive integer/],
    [['--batch-size', 'many'], /--batch-size is "many"; pass a positive integer/],
    [['--lr', 'fast'], /--lr is "fast", which is not a number; pass a number greater than 0/],
    [['--lr', '-0.1'], /--lr is -0.1; pass a number greater than 0/],
    [['--temperature', '0'], /--temperature is 0; pass a number greater than 0/],
    [['--beta', '1.5'], /--beta is 1.5; pass a number from 0 to 1/],
    [['--alpha', '-1'], /--alpha is -1; pass a number from 0 to 1/],
    [['--seed', '-1'], /--seed is "-1"; pass a non-negative integer/],
    [['--backend', 'cuda'], /--backend is "cuda"; pass one of auto, cpu, webasm, headlessgl, webgpu/],
    [['--student-hidden', '32,x'], /--student-hidden is "32,x"; pass positive integers separated by commas/],
    [['--out', ''], /--out is empty/],
    [['--speed', '3'], /unknown option --speed; run distill --help/],
    [['--epochs'], /option --epochs needs a value/],
    [['extra'], /unexpected argument "extra"; every setting is an option, such as --task brown/],
    [['mnist'], /unexpected argument "mnist"; every setting is an option, so pass --task mnist/],
    [['--epochs', '2', 'cpu'], /unexpected argument "cpu"; every setting is an option, so pass --backend cpu/],
  ];
  for (const [argv, expected] of cases) {
    t.regex(usageMessage(argv), expected, argv.join(' '));
  }
});

test('helpText lists options with defaults', (t) => {
  const text = helpText();
  for (const option of ['--task', '--epochs', '--batch-size', '--lr', '--temperature', '--beta', '--alpha', '--seed', '--backend', '--out']) {
    t.true(text.includes(`  ${option} `), option);
  }
  t.regex(text, /--batch-size N\s+examples per optimizer step \(default: 64\)/);
  t.regex(text, /--epochs N\s+training epochs of each student \(default: 20 for mnist, 2 for brown\)/);
});
