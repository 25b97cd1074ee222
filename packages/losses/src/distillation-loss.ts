import { kernels, type Tensor } from '@fusegrad/core';
import { add, div, logSoftmax, mul } from '@fusegrad/autograd';

import { crossEntropy } from './cross-entropy.js';
import { jsd } from './jsd/jsd.js';
import { checkClassRange, checkNoNaN, checkOptionKeys, checkPairShapes, countedRows, describe, type Labels } from './validation.js';

/** Options of {@link distillationLoss}. */
export interface DistillationLossOptions {
  /** Softmax temperature T > 0 applied to both logits before logSoftmax. Default 1. */
  temperature?: number;
  /** JSD mixture weight in [0, 1] (0 forward KL, 1 reverse KL). Default 0.5. */
  beta?: number;
  /** Hard labels, one integer class per row; rows equal to `ignoreIndex` are ignored in both terms. */
  labels?: Labels;
  /** Weight in [0, 1] of the hard-label cross entropy: loss = (1 - alpha) soft + alpha hard. Default 0. */
  alpha?: number;
  /** Label value of ignored rows. Default -100. */
  ignoreIndex?: number;
  /**
   * Whether to multiply the soft term by T^2, as Hinton et al. (2015) do so that its gradient keeps
   * the same magnitude as the temperature changes (the softened gradients scale as 1 / T^2).
   * Default false.
   */
  scaleByTemperatureSquared?: boolean;
}

const OPTION_KEYS: Readonly<Record<keyof DistillationLossOptions, true>> = {
  temperature: true,
  beta: true,
  labels: true,
  alpha: true,
  ignoreIndex: true,
  scaleByTemperatureSquared: true,
};

/**
 * Computes a knowledge-distillation loss: the fused {@link jsd} between the temperature-softened
 * student and teacher distributions, optionally mixed with hard-label {@link crossEntropy}.
 *
 * soft = jsd(logSoftmax(studentLogits / T), logSoftmax(teacherLogits / T), { beta, labels, ignoreIndex }),
 * multiplied by T^2 when `scaleByTemperatureSquared` is set (off by default, so that the soft term
 * equals the JSD of the softened distributions). With `alpha` > 0 the loss is
 * (1 - alpha) soft + alpha crossEntropy(studentLogits, labels) at temperature 1; otherwise it is
 * soft. The teacher gets no gradient.
 *
 * With zero rows the loss is 0 and the gradient empty, as with every row ignored.
 *
 * @param studentLogits - student logits `[rows, vocabSize]`, vocabSize at least 1; must not contain
 *   NaN, in any row, ignored rows included
 * @param teacherLogits - teacher logits, same shape; the same NaN rule applies
 * @param options - see {@link DistillationLossOptions}; any other key is an error
 * @returns the scalar loss (batch mean over counted rows)
 * @throws Error when the shapes differ or are not 2-D, vocabSize is 0, either logits tensor contains
 *   NaN, `temperature` is not a positive finite number, `alpha` is outside [0, 1], `alpha` > 0
 *   without `labels`, a label is not an integer or (with `alpha` > 0) not a class index,
 *   `options` has an unknown key, or as {@link jsd} and {@link crossEntropy} do
 * @example
 * ```ts
 * import { distillationLoss, tensor } from 'fusegrad';
 *
 * const student = tensor([[2, 0.5, -1]], { requiresGrad: true });
 * const teacher = tensor([[3, 0, -2]]);
 * const loss = distillationLoss(student, teacher, { temperature: 2, labels: [0], alpha: 0.3 });
 * loss.backward();
 * console.log(loss.item() > 0); // true
 * ```
 */
export function distillationLoss(studentLogits: Tensor, teacherLogits: Tensor, options: DistillationLossOptions = {}): Tensor {
  const caller = 'distillationLoss';
  checkPairShapes(caller, studentLogits, teacherLogits, 'studentLogits', 'teacherLogits');
  checkOptionKeys(caller, options, OPTION_KEYS);
  const temperature = options.temperature ?? 1;
  if (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature <= 0) {
    throw new Error(`${caller}: temperature must be a positive finite number, got ${describe(temperature)}; the default is 1`);
  }
  const alpha = options.alpha ?? 0;
  if (typeof alpha !== 'number' || !(alpha >= 0 && alpha <= 1)) {
    throw new Error(`${caller}: alpha must be a number in [0, 1], got ${describe(alpha)}; the default is 0 (no hard-label term)`);
  }
  if (alpha > 0 && options.labels === undefined) {
    throw new Error(`${caller}: alpha is ${alpha} but labels is missing; pass labels for the hard-label term, or alpha 0`);
  }
  const ignoreIndex = options.ignoreIndex ?? -100;
  // Checked here, so that errors name this call's arguments instead of those of jsd and crossEntropy.
  const [rows, vocabSize] = studentLogits.shape as [number, number];
  const { labels, counted } = countedRows(caller, options.labels, rows, ignoreIndex);
  if (alpha > 0) checkClassRange(caller, labels!, counted, vocabSize, ignoreIndex, 'labels');
  checkNoNaN(caller, studentLogits.shape, { name: 'studentLogits', values: studentLogits.data }, { name: 'teacherLogits', values: teacherLogits.data });

  const studentLogProbs = logSoftmax(div(studentLogits, temperature), -1);
  // The teacher goes through non-recording kernels: it gets no gradient.
  const teacherLogProbs = kernels.logSoftmax(kernels.div(teacherLogits, temperature), -1);
  const jsdOptions = { beta: options.beta ?? 0.5, ignoreIndex, ...(options.labels === undefined ? {} : { labels: options.labels }) };
  let soft = jsd(studentLogProbs, teacherLogProbs, jsdOptions);
  if (options.scaleByTemperatureSquared) soft = mul(soft, temperature * temperature);

  if (alpha === 0) return soft;
  const hard = crossEntropy(studentLogits, options.labels!, { ignoreIndex });
  return add(mul(soft, 1 - alpha), mul(hard, alpha));
}
