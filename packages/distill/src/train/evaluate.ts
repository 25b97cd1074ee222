import { noGrad, tidy } from 'fusegrad';

import type { Classifier } from './classifier.js';
import type { Task } from './task.js';

/** Held-out quality of one model. */
export interface Evaluation {
  /** Fraction of held-out examples whose top-1 class is the label. */
  readonly accuracy: number;
  /** Mean negative log-likelihood of the labels, in nats. */
  readonly meanNll: number;
  /** `exp(meanNll)`: the perplexity of a next-word model. */
  readonly perplexity: number;
  /** Fraction of held-out examples where the top-1 class equals the teacher's; 1 for the teacher itself. */
  readonly agreement: number;
  /** Top-1 class of every held-out example. */
  readonly predictions: Int32Array;
}

/**
 * Runs a model over the held-out split in evaluation mode without recording gradients, and scores its predictions.
 *
 * @param model - The model to score.
 * @param task - Supplies the held-out batches.
 * @param teacherPredictions - The teacher's top-1 classes, or null when `model` is the teacher.
 * @param batchSize - Examples per forward pass (default 500); only memory depends on it.
 * @returns Accuracy, mean negative log-likelihood, perplexity, agreement with the teacher and the predictions.
 * @example
 * ```ts
 * import { Generator } from 'fusegrad';
 * import { Classifier, evaluate, loadTask, parseCommandLine } from '@fusegrad/distill';
 *
 * const parsed = parseCommandLine(['--held-out-examples', '100'], '/tmp');
 * if (!parsed.help) {
 *   const task = loadTask(parsed.options);
 *   const model = new Classifier(task.studentConfig, new Generator(0));
 *   console.log(evaluate(model, task, null).accuracy); // about 0.1 before training
 * }
 * ```
 */
export function evaluate(model: Classifier, task: Task, teacherPredictions: Int32Array | null, batchSize = 500): Evaluation {
  const count = task.heldOutCount;
  const predictions = new Int32Array(count);
  let correct = 0;
  let agreeing = 0;
  let nllSum = 0;

  const wasTraining = model.training;
  model.eval();
  for (let start = 0; start < count; start += batchSize) {
    const end = Math.min(count, start + batchSize);
    const indices = Int32Array.from({ length: end - start }, (_, i) => start + i);
    const batch = task.batch('heldOut', indices);
    const logits = tidy(() => noGrad(() => model.call(batch.inputs)).toFloat64Array());
    batch.inputs.dispose();

    const classCount = task.classCount;
    for (let row = 0; row < end - start; row++) {
      const offset = row * classCount;
      let best = 0;
      let maxLogit = -Infinity;
      for (let k = 0; k < classCount; k++) {
        const value = logits[offset + k]!;
        if (value > maxLogit) {
          maxLogit = value;
          best = k;
        }
      }
      let sumExp = 0;
      for (let k = 0; k < classCount; k++) sumExp += Math.exp(logits[offset + k]! - maxLogit);

      const label = batch.labels[row]!;
      nllSum += maxLogit + Math.log(sumExp) - logits[offset + label]!;
      predictions[start + row] = best;
      if (best === label) correct++;
      if (teacherPredictions === null || teacherPredictions[start + row] === best) agreeing++;
    }
  }

  model.train(wasTraining);

  const meanNll = nllSum / count;
  return {
    accuracy: correct / count,
    meanNll,
    perplexity: Math.exp(meanNll),
    agreement: agreeing / count,
    predictions,
  };
}
