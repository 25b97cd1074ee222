import { Adam, Generator, memory, resetPeakMemory, tidy, type Tensor } from 'fusegrad';

import type { Progress } from '../progress.js';
import type { Classifier } from './classifier.js';
import { evaluate, type Evaluation } from './evaluate.js';
import type { Objective } from './objectives.js';
import type { Task } from './task.js';

/** Settings of one {@link trainModel} call. */
export interface TrainSettings {
  /** Name in progress lines and the metrics file, such as `teacher`. */
  readonly label: string;
  /** Number of passes over the training split. */
  readonly epochs: number;
  /** Examples per optimizer step; the last batch of an epoch may be smaller. */
  readonly batchSize: number;
  /** Adam learning rate. */
  readonly lr: number;
  /** Seed of the batch order. */
  readonly shuffleSeed: number;
  /** Teacher predictions used for the agreement column, or null when training the teacher. */
  readonly teacherPredictions: Int32Array | null;
  /** Time already spent preparing this run, such as computing cached teacher logits, in milliseconds (default 0). */
  readonly setupMilliseconds?: number;
  /** Stops training before the next batch once aborted; the returned promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** Measurements of one epoch. */
export interface EpochRecord {
  /** Epoch number, starting at 1. */
  readonly epoch: number;
  /** Mean training objective over the epoch's steps. */
  readonly trainLoss: number;
  /** Held-out accuracy after the epoch. */
  readonly heldOutAccuracy: number;
  /** Held-out perplexity after the epoch. */
  readonly heldOutPerplexity: number;
}

/** Measurements of one {@link trainModel} call. */
export interface TrainResult {
  /** One record per epoch. */
  readonly epochs: readonly EpochRecord[];
  /** Objective value of every optimizer step, in order. */
  readonly stepLosses: readonly number[];
  /** Held-out scores of the final model. */
  readonly evaluation: Evaluation;
  /** Time spent in training steps plus `setupMilliseconds`, in seconds; held-out evaluation is excluded. */
  readonly wallSeconds: number;
  /** Highest number of bytes held by live tensors during training, from core's `memory()`. */
  readonly peakTensorBytes: number;
}

/**
 * Longest stretch of training between two returns to the event loop, in milliseconds. The steps are synchronous,
 * so signal handlers and the abort signal's listeners run only at these points.
 */
const YIELD_INTERVAL_MS = 100;

/**
 * Trains a model with Adam on shuffled mini-batches and scores it on the held-out split after every epoch.
 *
 * Every step runs inside `tidy`, so its intermediate tensors are freed at once and the peak memory reflects
 * one step's working set. The batch order comes from a generator seeded with `shuffleSeed`, so two runs with
 * the same seed see the same batches. About every 100 ms it returns to the event loop, so that signal handlers can
 * run, and it checks `settings.signal` before every batch.
 *
 * @param model - The model to train in place.
 * @param task - Supplies the batches.
 * @param objective - The loss of one batch.
 * @param settings - Epochs, batch size, learning rate, seed, the teacher predictions and an optional abort signal.
 * @param progress - Receives step losses and epoch summaries.
 * @returns Per-epoch records, step losses, final evaluation, wall time and peak tensor memory.
 * @throws Error when the loss is not finite (naming the model, the epoch and the learning rate), or when the
 *   objective or the optimizer throws. Rejects with `settings.signal.reason` when the signal is aborted.
 * @example
 * ```ts
 * import { Generator } from 'fusegrad';
 * import { Classifier, hardLabelObjective, loadTask, parseCommandLine, Progress, trainModel } from '@fusegrad/distill';
 *
 * const parsed = parseCommandLine(['--train-examples', '300', '--held-out-examples', '100'], '/tmp');
 * if (!parsed.help) {
 *   const task = loadTask(parsed.options);
 *   const model = new Classifier(task.studentConfig, new Generator(0));
 *   const settings = { label: 'student', epochs: 1, batchSize: 50, lr: 0.003, shuffleSeed: 1, teacherPredictions: null };
 *   const result = await trainModel(model, task, hardLabelObjective(), settings, new Progress(process.stdout));
 *   console.log(result.evaluation.accuracy);
 * }
 * ```
 */
export async function trainModel(
  model: Classifier,
  task: Task,
  objective: Objective,
  settings: TrainSettings,
  progress: Progress,
): Promise<TrainResult> {
  const parameters = model.parameters();
  const optimizer = new Adam(parameters, { lr: settings.lr });
  const generator = new Generator(settings.shuffleSeed);
  const stepsPerEpoch = Math.ceil(task.trainCount / settings.batchSize);
  const epochs: EpochRecord[] = [];
  const stepLosses: number[] = [];
  let trainingMilliseconds = settings.setupMilliseconds ?? 0;
  let peakTensorBytes = 0;
  let evaluation: Evaluation | undefined;
  let lastYield = performance.now();

  model.train();
  resetPeakMemory();
  progress.start(settings.label, settings.epochs, stepsPerEpoch);
  for (let epoch = 1; epoch <= settings.epochs; epoch++) {
    const order = shuffledIndices(task.trainCount, generator);
    const epochStart = performance.now();
    let lossSum = 0;

    for (let start = 0; start < task.trainCount; start += settings.batchSize) {
      if (performance.now() - lastYield >= YIELD_INTERVAL_MS) {
        await new Promise(setImmediate);
        lastYield = performance.now();
      }
      settings.signal?.throwIfAborted();

      const indices = order.subarray(start, Math.min(task.trainCount, start + settings.batchSize));
      const { loss, gradients } = tidy(() => {
        const batchLoss = objective(model, task.batch('train', indices));
        batchLoss.backward();
        return { loss: batchLoss.item(), gradients: parameters.map((parameter) => parameter.grad) };
      });
      if (!Number.isFinite(loss)) {
        throw new Error(
          `${settings.label}: the training loss became ${loss} at epoch ${epoch}; lower --lr (now ${settings.lr}) or --temperature`,
        );
      }

      optimizer.step();
      optimizer.zeroGrad();
      for (const gradient of gradients) (gradient as Tensor | null)?.dispose();

      lossSum += loss;
      stepLosses.push(loss);
      progress.step(loss);
    }
    trainingMilliseconds += performance.now() - epochStart;
    peakTensorBytes = Math.max(peakTensorBytes, memory().peakBytes);

    // Evaluation batches are larger than training batches, so their memory is kept out of the training peak.
    evaluation = evaluate(model, task, settings.teacherPredictions);
    resetPeakMemory();
    const record = {
      epoch,
      trainLoss: lossSum / stepsPerEpoch,
      heldOutAccuracy: evaluation.accuracy,
      heldOutPerplexity: evaluation.perplexity,
    };
    epochs.push(record);
    progress.epochDone(epoch, describeEvaluation(task, evaluation));
  }
  progress.finish();

  return {
    epochs,
    stepLosses,
    evaluation: evaluation!,
    wallSeconds: trainingMilliseconds / 1000,
    peakTensorBytes,
  };
}

function describeEvaluation(task: Task, evaluation: Evaluation): string {
  const accuracy = `held-out accuracy ${(evaluation.accuracy * 100).toFixed(2)}%`;
  return task.name === 'brown' ? `held-out perplexity ${evaluation.perplexity.toFixed(1)}, ${accuracy}` : accuracy;
}

/** Returns a Fisher-Yates shuffle of `0..count-1` drawn from `generator`. */
function shuffledIndices(count: number, generator: Generator): Int32Array {
  const order = Int32Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(generator.nextFloat() * (i + 1));
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
  return order;
}
