import { add, crossEntropy, distillationLoss, fusedLinearJSD, mul, noGrad, tidy, Tensor } from 'fusegrad';

import type { Classifier } from './classifier.js';
import type { Batch, Task } from './task.js';

/** Computes one batch's training loss; the trainer calls backward on it. */
export type Objective = (model: Classifier, batch: Batch) => Tensor;

/** Settings of {@link distillationObjective}. */
export interface DistillationSettings {
  /** Softmax temperature applied to both models' logits. */
  readonly temperature: number;
  /** JSD mixture weight in [0, 1]. */
  readonly beta: number;
  /** Weight of the hard-label cross entropy, in [0, 1]. */
  readonly alpha: number;
}

/** Largest teacher-logit table, in bytes, that {@link distillationObjective} computes ahead of training. */
export const TEACHER_CACHE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Returns the hard-label objective: mean cross entropy of the logits against the labels.
 *
 * @returns The objective.
 * @example
 * ```ts
 * import { hardLabelObjective } from '@fusegrad/distill';
 *
 * const objective = hardLabelObjective();
 * console.log(typeof objective); // "function"
 * ```
 */
export function hardLabelObjective(): Objective {
  return (model, batch) => crossEntropy(model.call(batch.inputs), batch.labels);
}

/**
 * Returns the distillation objective `(1 - alpha) · T² · JSD_beta(student_T, teacher_T) + alpha · CE(student, labels)`
 * through `distillationLoss`.
 *
 * `student_T` and `teacher_T` are the log-softmax of the logits divided by the temperature `T`. The fused JSD
 * node computes the divergence and its gradient in one kernel launch. The factor `T²` keeps the soft term's
 * gradient on the same scale as the hard-label term's when `T` changes, as Hinton et al. (2015) recommend.
 *
 * The teacher is frozen and the inputs are not augmented, so its logits for an example never change. When the
 * table of all training logits fits in {@link TEACHER_CACHE_LIMIT_BYTES}, this function computes it once, in
 * no-grad mode, before returning; otherwise the teacher runs on every batch.
 *
 * @param teacher - The trained teacher; its parameters are not changed.
 * @param task - Supplies the training examples for the cached teacher logits.
 * @param settings - Temperature, beta and alpha.
 * @returns The objective.
 * @example
 * ```ts
 * import { Generator } from 'fusegrad';
 * import { Classifier, distillationObjective, loadTask, parseCommandLine } from '@fusegrad/distill';
 *
 * const parsed = parseCommandLine(['--train-examples', '200'], '/tmp');
 * if (!parsed.help) {
 *   const task = loadTask(parsed.options);
 *   const teacher = new Classifier(task.teacherConfig, new Generator(0));
 *   const objective = distillationObjective(teacher, task, { temperature: 4, beta: 0.5, alpha: 0.5 });
 *   console.log(typeof objective); // "function"
 * }
 * ```
 */
export function distillationObjective(teacher: Classifier, task: Task, settings: DistillationSettings): Objective {
  const { temperature, beta, alpha } = settings;
  // Evaluation mode turns off the teacher's dropout, so its targets are deterministic.
  teacher.eval();
  const cache = task.trainCount * task.classCount * 4 <= TEACHER_CACHE_LIMIT_BYTES ? teacherLogitTable(teacher, task) : null;

  return (student, batch) => {
    const teacherLogits = cache ? cachedRows(cache, batch.indices, task.classCount) : noGrad(() => teacher.call(batch.inputs));
    return distillationLoss(student.call(batch.inputs), teacherLogits, {
      temperature,
      beta,
      alpha,
      labels: batch.labels,
      scaleByTemperatureSquared: true,
    });
  };
}

/**
 * Returns the same objective as {@link distillationObjective}, with the soft term computed by `fusedLinearJSD`
 * from both models' hidden states and output layers, so the student's `[batch, vocabSize]` logits are never
 * held for the JSD or its gradient.
 *
 * `fusedLinearJSD` works through row chunks and caches the gradients of the student's hidden states, head
 * weight and head bias in its forward pass. With `alpha > 0` the hard-label cross entropy still needs the
 * student's logits, so they are formed for that term alone. The teacher runs in no-grad mode on every batch.
 *
 * @param teacher - The trained teacher; its parameters are not changed.
 * @param settings - Temperature, beta and alpha.
 * @returns The objective.
 * @example
 * ```ts
 * import { Generator } from 'fusegrad';
 * import { Classifier, fusedDistillationObjective } from '@fusegrad/distill';
 *
 * const config = { inputSize: 3, hidden: [64], classCount: 4000, embeddingDim: 32, vocabSize: 4000 };
 * const teacher = new Classifier(config, new Generator(0));
 * const objective = fusedDistillationObjective(teacher, { temperature: 2, beta: 0.5, alpha: 0 });
 * console.log(typeof objective); // "function"
 * ```
 */
export function fusedDistillationObjective(teacher: Classifier, settings: DistillationSettings): Objective {
  const { temperature, beta, alpha } = settings;
  teacher.eval();

  return (student, batch) => {
    const teacherHidden = noGrad(() => teacher.features(batch.inputs));
    const studentHidden = student.features(batch.inputs);
    const soft = fusedLinearJSD(studentHidden, student.head.weight, teacherHidden, teacher.head.weight, {
      studentBias: student.head.bias,
      teacherBias: teacher.head.bias,
      beta,
      temperature,
    });

    // The same weighting as distillationLoss with scaleByTemperatureSquared, so both tasks optimize one formula.
    const weightedSoft = mul(soft, (1 - alpha) * temperature * temperature);
    if (alpha === 0) return weightedSoft;
    const hard = crossEntropy(student.head.call(studentHidden), batch.labels);
    return add(weightedSoft, mul(hard, alpha));
  };
}

function teacherLogitTable(teacher: Classifier, task: Task): Float32Array {
  const table = new Float32Array(task.trainCount * task.classCount);
  const chunk = 1000;
  for (let start = 0; start < task.trainCount; start += chunk) {
    const end = Math.min(task.trainCount, start + chunk);
    const indices = Int32Array.from({ length: end - start }, (_, i) => start + i);
    const logits = tidy(() => noGrad(() => teacher.call(task.batch('train', indices).inputs)).toFloat32Array());
    table.set(logits, start * task.classCount);
  }
  return table;
}

function cachedRows(table: Float32Array, indices: Int32Array, classCount: number): Tensor {
  const rows = new Float32Array(indices.length * classCount);
  for (let row = 0; row < indices.length; row++) {
    const source = indices[row]!;
    rows.set(table.subarray(source * classCount, (source + 1) * classCount), row * classCount);
  }
  return new Tensor(rows, [indices.length, classCount]);
}
