import { writeFileSync } from 'node:fs';

import { Generator, prepareWebGPU, saveSafetensors, setBackend } from 'fusegrad';
import { svgToPng } from '@fusegrad/plot';

import { BackendRecorder, formatBackendLine } from './backend-report.js';
import { heldOutChart, lossChart, type CurveInput } from './charts.js';
import type { DistillOptions } from './options.js';
import { Progress, type ProgressStream } from './progress.js';
import { formatPercent, formatTable, type ModelSummary } from './report.js';
import { StagedOutput } from './staged-output.js';
import { Classifier } from './train/classifier.js';
import { distillationObjective, fusedDistillationObjective, hardLabelObjective } from './train/objectives.js';
import { loadTask, withTrainSubset, type Task } from './train/task.js';
import { trainModel, type TrainResult } from './train/trainer.js';

/** Names of the files that {@link runDistill} writes into the output folder. */
export const OUTPUT_FILES = [
  'teacher.safetensors',
  'student-distilled.safetensors',
  'student-hard-label.safetensors',
  'metrics.json',
  'loss-curves.svg',
  'loss-curves.png',
  'held-out.svg',
  'held-out.png',
] as const;

/**
 * Error that {@link runDistill} throws when SIGINT or SIGTERM stopped the run, with the exit status a shell expects.
 *
 * @example
 * ```ts
 * import { RunInterruptedError } from '@fusegrad/distill';
 *
 * const error = new RunInterruptedError('SIGINT');
 * console.log(error.exitCode); // 130
 * ```
 */
export class RunInterruptedError extends Error {
  /** The signal that stopped the run. */
  readonly signal: 'SIGINT' | 'SIGTERM';
  /** 128 plus the signal number: 130 for SIGINT, 143 for SIGTERM. */
  readonly exitCode: number;

  /**
   * Creates the error for the signal that stopped a run.
   *
   * @param signal - The signal that stopped the run.
   */
  constructor(signal: 'SIGINT' | 'SIGTERM') {
    super(`stopped by ${signal}; no files were written`);
    this.name = 'RunInterruptedError';
    this.signal = signal;
    this.exitCode = signal === 'SIGINT' ? 130 : 143;
  }
}

/** Result of a finished run. */
export interface DistillResult {
  /** The comparison table as printed. */
  readonly table: string;
  /** The contents written to `metrics.json`. */
  readonly metrics: Record<string, unknown>;
}

/**
 * Runs the whole distillation experiment: trains the teacher, the distilled student and the hard-label student,
 * prints progress and the comparison table, and writes checkpoints, `metrics.json` and charts to `options.out`.
 *
 * All files are written to a staging folder beside `options.out` and moved into place at the end. On an error
 * or an interrupt the staging folder is deleted, so no partial output remains. While it runs, SIGINT and SIGTERM
 * stop training before the next batch (within about 100 ms of training time) instead of ending the process.
 *
 * @param options - Parsed options (see `parseCommandLine`).
 * @param stdout - Receives progress and the table; a terminal gets a progress bar.
 * @returns The table and the metrics.
 * @throws Error when the output folder is not writable, the backend cannot run, or training fails.
 * @throws {@link RunInterruptedError} when SIGINT or SIGTERM arrived before the files were moved into place.
 * @example
 * ```ts
 * import { parseCommandLine, runDistill } from '@fusegrad/distill';
 *
 * const parsed = parseCommandLine(
 *   ['--epochs', '1', '--teacher-epochs', '1', '--train-examples', '500', '--teacher-hidden', '32', '--out', '/tmp/distill-doc'],
 *   '/tmp',
 * );
 * if (!parsed.help) await runDistill(parsed.options, process.stdout);
 * ```
 */
export async function runDistill(options: DistillOptions, stdout: ProgressStream): Promise<DistillResult> {
  const output = StagedOutput.create(options.out);
  const controller = new AbortController();
  // A second signal finds no listener and ends the process at once, which lets a user force a stop.
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => controller.abort(new RunInterruptedError(signal));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const result = await runStaged(options, stdout, output, controller.signal);
    controller.signal.throwIfAborted();
    output.commit();
    stdout.write(`Wrote ${OUTPUT_FILES.join(', ')} to ${options.out}\n`);
    return result;
  } catch (error) {
    output.abort();
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function runStaged(
  options: DistillOptions,
  stdout: ProgressStream,
  output: StagedOutput,
  signal: AbortSignal,
): Promise<DistillResult> {
  const startedAt = performance.now();
  setBackend(options.backend);
  if (options.backend === 'webgpu') await prepareWebGPU();

  const progress = new Progress(stdout);
  const task = loadTask(options);
  const studentTask = withTrainSubset(task, options.studentExamples);
  progress.log(
    `distill: task ${task.name}, ${task.trainCount} training examples (${studentTask.trainCount} for the students), ` +
      `${task.heldOutCount} held-out examples, ${task.classCount} classes, backend ${options.backend}, seed ${options.seed}`,
  );

  const backendRecorder = BackendRecorder.start();

  const teacherStepsPerEpoch = Math.ceil(task.trainCount / options.batchSize);
  const stepsPerEpoch = Math.ceil(studentTask.trainCount / options.batchSize);

  const teacher = new Classifier(task.teacherConfig, new Generator(options.seed));
  announce(progress, 'teacher', teacher, options.teacherEpochs, teacherStepsPerEpoch);
  const teacherRun = await trainModel(
    teacher,
    task,
    hardLabelObjective(),
    {
      label: 'teacher',
      epochs: options.teacherEpochs,
      batchSize: options.batchSize,
      lr: options.teacherLr,
      shuffleSeed: options.seed + 1,
      teacherPredictions: null,
      signal,
    },
    progress,
  );
  const teacherPredictions = teacherRun.evaluation.predictions;

  // Both students start from the same weights and see the same batches; only the objective differs.
  const studentSeed = options.seed + 2;
  const studentShuffleSeed = options.seed + 3;
  const studentSettings = {
    epochs: options.epochs,
    batchSize: options.batchSize,
    lr: options.lr,
    shuffleSeed: studentShuffleSeed,
    teacherPredictions,
    signal,
  };

  const distilled = new Classifier(task.studentConfig, new Generator(studentSeed));
  announce(progress, 'distilled student', distilled, options.epochs, stepsPerEpoch);
  const setupStart = performance.now();
  // The language-model task has a vocabulary-sized output layer, where the fused linear JSD saves the most memory.
  const objective =
    task.name === 'brown' ? fusedDistillationObjective(teacher, options) : distillationObjective(teacher, studentTask, options);
  const setupMilliseconds = performance.now() - setupStart;
  const distilledRun = await trainModel(
    distilled,
    studentTask,
    objective,
    { ...studentSettings, label: 'distilled student', setupMilliseconds },
    progress,
  );

  const hardLabel = new Classifier(task.studentConfig, new Generator(studentSeed));
  announce(progress, 'hard-label student', hardLabel, options.epochs, stepsPerEpoch);
  const hardLabelRun = await trainModel(
    hardLabel,
    studentTask,
    hardLabelObjective(),
    { ...studentSettings, label: 'hard-label student' },
    progress,
  );

  const rows = [
    summarize('teacher', teacher, teacherRun),
    summarize('distilled student', distilled, distilledRun),
    summarize('hard-label student', hardLabel, hardLabelRun),
  ];
  const table = formatTable(task.name, rows);
  const verdict = compareStudents(task, rows[1]!, rows[2]!);
  const backend = backendRecorder.finish();
  stdout.write(`\n${table}\n${verdict.text}\n${formatBackendLine(backend)}\n`);

  const metadata = { task: task.name, seed: String(options.seed) };
  await saveSafetensors(output.path('teacher.safetensors'), teacher.stateDict(), { ...metadata, model: 'teacher', layers: teacher.describe() });
  await saveSafetensors(output.path('student-distilled.safetensors'), distilled.stateDict(), {
    ...metadata,
    model: 'distilled student',
    layers: distilled.describe(),
  });
  await saveSafetensors(output.path('student-hard-label.safetensors'), hardLabel.stateDict(), {
    ...metadata,
    model: 'hard-label student',
    layers: hardLabel.describe(),
  });

  const curves: CurveInput[] = [
    { name: 'teacher (cross entropy)', result: teacherRun, stepsPerEpoch: teacherStepsPerEpoch },
    { name: 'distilled student ((1-α)·T²·JSD + α·CE)', result: distilledRun, stepsPerEpoch },
    { name: 'hard-label student (cross entropy)', result: hardLabelRun, stepsPerEpoch },
  ];
  writeChart(output, 'loss-curves', lossChart(curves));
  writeChart(output, 'held-out', heldOutChart(task.name, curves));

  const metrics = {
    task: task.name,
    options: { ...options },
    backend,
    data: { ...task.summary, studentTrainExamples: studentTask.trainCount },
    models: {
      teacher: modelMetrics(rows[0]!, teacherRun, 'teacher.safetensors', 'cross entropy'),
      distilledStudent: modelMetrics(
        rows[1]!,
        distilledRun,
        'student-distilled.safetensors',
        `(1 - ${options.alpha}) * T^2 * JSD(beta=${options.beta}) at temperature T = ${options.temperature} + ${options.alpha} * cross entropy` +
          (task.name === 'brown' ? ', JSD through fusedLinearJSD' : ', JSD through distillationLoss'),
      ),
      hardLabelStudent: modelMetrics(rows[2]!, hardLabelRun, 'student-hard-label.safetensors', 'cross entropy'),
    },
    comparedBy: verdict.metric,
    distilledBeatsHardLabel: verdict.distilledWins,
    totalSeconds: (performance.now() - startedAt) / 1000,
  };
  writeFileSync(output.path('metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
  return { table, metrics };
}

function announce(progress: Progress, label: string, model: Classifier, epochs: number, stepsPerEpoch: number): void {
  progress.log(
    `${label}: layers ${model.describe()}, ${model.numParameters().toLocaleString('en-US')} parameters, ` +
      `${epochs} ${epochs === 1 ? 'epoch' : 'epochs'} of ${stepsPerEpoch} steps`,
  );
}

function summarize(name: string, model: Classifier, run: TrainResult): ModelSummary {
  return {
    name,
    architecture: model.describe(),
    parameters: model.numParameters(),
    accuracy: run.evaluation.accuracy,
    perplexity: run.evaluation.perplexity,
    agreement: run.evaluation.agreement,
    wallSeconds: run.wallSeconds,
    peakTensorBytes: run.peakTensorBytes,
  };
}

function modelMetrics(row: ModelSummary, run: TrainResult, checkpoint: string, objective: string) {
  return {
    layers: row.architecture,
    parameters: row.parameters,
    objective,
    heldOutAccuracy: row.accuracy,
    heldOutPerplexity: row.perplexity,
    heldOutMeanNll: run.evaluation.meanNll,
    agreementWithTeacher: row.agreement,
    wallSeconds: row.wallSeconds,
    peakTensorBytes: row.peakTensorBytes,
    epochs: run.epochs,
    checkpoint,
  };
}

function compareStudents(task: Task, distilled: ModelSummary, hardLabel: ModelSummary) {
  if (task.name === 'brown') {
    const distilledWins = distilled.perplexity < hardLabel.perplexity;
    const text =
      `The distilled student ${distilledWins ? 'beats' : 'does not beat'} the hard-label student on held-out perplexity: ` +
      `${distilled.perplexity.toFixed(1)} vs ${hardLabel.perplexity.toFixed(1)} (lower is better).`;
    return { metric: 'heldOutPerplexity', distilledWins, text };
  }
  const distilledWins = distilled.accuracy > hardLabel.accuracy;
  const points = ((distilled.accuracy - hardLabel.accuracy) * 100).toFixed(2);
  const text =
    `The distilled student ${distilledWins ? 'beats' : 'does not beat'} the hard-label student on held-out accuracy: ` +
    `${formatPercent(distilled.accuracy)} vs ${formatPercent(hardLabel.accuracy)} (${points.startsWith('-') ? points : `+${points}`} points).`;
  return { metric: 'heldOutAccuracy', distilledWins, text };
}

function writeChart(output: StagedOutput, name: string, svg: string): void {
  writeFileSync(output.path(`${name}.svg`), svg);
  writeFileSync(output.path(`${name}.png`), svgToPng(svg));
}
