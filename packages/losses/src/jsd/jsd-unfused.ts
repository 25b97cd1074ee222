import { kernels, Tensor } from '@fusegrad/core';
import { add, exp, log1p, maximum, minimum, mul, sub, sum, where } from '@fusegrad/autograd';

import { checkNoNaN, checkOptionKeys, checkPairShapes, checkReduction, countedRows, describe, type Reduction } from '../validation.js';
import { JSD_OPTION_KEYS, type JsdOptions } from './jsd-function.js';

/**
 * Computes the same loss as {@link jsd} from ordinary autograd ops, one op per step, without the
 * fused kernel: the reference that the fused node is tested and benchmarked against.
 *
 * Same math, options and errors as {@link jsd}. Elements with a zero probability are replaced by 0
 * before they enter a product (and masked out with `where` afterwards), so neither the loss nor the
 * backward pass forms 0 * -Infinity. `target` is read through non-recording kernels and gets no
 * gradient. Each op allocates a `[rows, vocabSize]` tensor, which is what the fused node avoids.
 *
 * @param input - student log-probabilities `[rows, vocabSize]`
 * @param target - teacher log-probabilities, same shape; gets no gradient
 * @param options - as for {@link jsd}
 * @returns the loss: a scalar, or `[rows]` with reduction 'none'
 * @throws Error in the same cases as {@link jsd}, except the backend ones
 * @example
 * ```ts
 * import { jsdUnfused, tensor } from 'fusegrad';
 *
 * const student = tensor([[Math.log(0.3), Math.log(0.7)]], { requiresGrad: true });
 * const teacher = tensor([[Math.log(0.6), Math.log(0.4)]]);
 * console.log(jsdUnfused(student, teacher).item().toFixed(7)); // 0.0462008
 * ```
 */
export function jsdUnfused(input: Tensor, target: Tensor, options: JsdOptions = {}): Tensor {
  const caller = 'jsdUnfused';
  checkPairShapes(caller, input, target, 'input', 'target');
  checkOptionKeys(caller, options, JSD_OPTION_KEYS);
  const [rows, vocabSize] = input.shape as [number, number];
  const beta = options.beta ?? 0.5;
  if (typeof beta !== 'number' || !Number.isFinite(beta) || beta < 0 || beta > 1) {
    throw new Error(`${caller}: beta must be a finite number in [0, 1], got ${describe(beta)}`);
  }
  const reduction = checkReduction(caller, options.reduction ?? 'batchmean', ['batchmean', 'sum', 'mean', 'none']);
  const { counted, rowsCounted } = countedRows(caller, options.labels, rows, options.ignoreIndex ?? -100);
  checkNoNaN(caller, input.shape, { name: 'input', values: input.data }, { name: 'target', values: target.data });

  const pointwise = pointwiseJsd(input, target, beta);
  const rowLosses = sum(pointwise, 1);

  // where, not a multiplication by the mask: an ignored row's infinite KL times 0 would be NaN.
  const countedMask = new Tensor(Float64Array.from(counted), [rows]);
  const maskedRowLosses = where(countedMask, rowLosses, 0);
  return reduce(maskedRowLosses, reduction, rowsCounted, vocabSize);
}

function pointwiseJsd(input: Tensor, target: Tensor, beta: number): Tensor {
  const p = kernels.exp(target);
  const q = exp(input);
  const pPositive = kernels.greater(p, 0);
  const qPositive = kernels.greater(q, 0);

  if (beta === 0) {
    // Forward KL(P || Q) = P (Y - X); X stays -Infinity where P > 0, so the loss becomes +Infinity.
    const inputWhereP = where(pPositive, input, 0);
    const targetWhereP = kernels.where(pPositive, target, 0);
    return where(pPositive, mul(p, sub(targetWhereP, inputWhereP)), 0);
  }

  if (beta === 1) {
    // Reverse KL(Q || P) = Q (X - Y); Y stays -Infinity where Q > 0, so the loss becomes +Infinity.
    const inputWhereQ = where(qPositive, input, 0);
    const targetWhereQ = kernels.where(qPositive, target, 0);
    return where(qPositive, mul(q, sub(inputWhereQ, targetWhereQ)), 0);
  }

  // log M = log-add-exp(log(beta) + Y, log(1 - beta) + X), on inputs where at least one probability is positive.
  const eitherPositive = kernels.maximum(pPositive, qPositive);
  const teacherTerm = kernels.add(kernels.where(eitherPositive, target, 0), Math.log(beta));
  const studentTerm = add(where(eitherPositive, input, 0), Math.log1p(-beta));
  const larger = maximum(teacherTerm, studentTerm);
  const smaller = minimum(teacherTerm, studentTerm);
  const logMixture = add(larger, log1p(exp(sub(smaller, larger))));

  const teacherPart = mul(mul(p, sub(kernels.where(pPositive, target, 0), logMixture)), beta);
  const studentPart = mul(mul(q, sub(where(qPositive, input, 0), logMixture)), 1 - beta);
  return add(where(pPositive, teacherPart, 0), where(qPositive, studentPart, 0));
}

function reduce(rowLosses: Tensor, reduction: Reduction, rowsCounted: number, vocabSize: number): Tensor {
  if (reduction === 'none') return rowLosses;
  const total = sum(rowLosses);
  if (reduction === 'sum') return total;
  if (reduction === 'mean') return mul(total, 1 / Math.max(rowsCounted * vocabSize, 1));
  return mul(total, 1 / Math.max(rowsCounted, 1));
}
