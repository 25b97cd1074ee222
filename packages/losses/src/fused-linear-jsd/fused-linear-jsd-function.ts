import { kernels, Tensor, type DType, type TypedArray } from '@fusegrad/core';
import { Function, FunctionCtx } from '@fusegrad/autograd';

import { FastPathNaNError } from '../fast/nan-error.js';
import { createChunkJsd, type ChunkJsd, type ChunkJsdResult } from './chunk-jsd.js';
import { addInto, chunkLogProbs, logSoftmaxBackward } from './chunk-steps.js';
import type { FusedLinearJsdOptions } from './options.js';
import { validateArguments, type FusedLinearJsdPlan } from './validate-arguments.js';

/** Flags for the student's tensors that receive a gradient. */
interface GradientNeeds {
  readonly hidden: boolean;
  readonly weight: boolean;
  readonly bias: boolean;
}

/** The gradients that forward accumulates over the chunks; null where none is needed. */
interface Gradients {
  readonly hidden: Tensor | null;
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
}

/**
 * The fused linear JSD as a once-differentiable autograd Function: the JSD between the softmax
 * distributions of a student's and a teacher's output projections, computed one chunk of rows at a
 * time so that the full `[BT, V]` logits never exist.
 *
 * Forward computes the loss and the gradients of `studentHidden`, `studentWeight` and
 * `studentBias` together and caches the gradients. Backward only scales them by the upstream
 * gradient and returns the cached tensors themselves when that gradient is exactly 1. The teacher's
 * tensors get no gradient. Call it through {@link fusedLinearJSD}, which takes the biases as options.
 *
 * @example
 * ```ts
 * import { FusedLinearJSDFunction, randn } from 'fusegrad';
 *
 * const studentHidden = randn([6, 4], { requiresGrad: true });
 * const studentWeight = randn([10, 4], { requiresGrad: true });
 * const studentBias = randn([10], { requiresGrad: true });
 * const teacherHidden = randn([6, 8]);
 * const teacherWeight = randn([10, 8]);
 * const loss = FusedLinearJSDFunction.apply(studentHidden, studentWeight, teacherHidden, teacherWeight, studentBias, null, {
 *   chunkSize: 4,
 * });
 * loss.backward();
 * console.log(loss.item(), studentBias.grad?.shape); // a number >= 0, [ 10 ]
 * ```
 */
export class FusedLinearJSDFunction extends Function {
  static override onceDifferentiable = true;

  /**
   * Validates the arguments, then computes the loss and caches the student's gradients, one chunk
   * of rows at a time.
   *
   * @param ctx - the autograd context; keeps the gradients of the student's hidden states, weight and bias
   * @param studentHidden - student hidden states `[BT, H]`
   * @param studentWeight - student output projection `[V, H]`
   * @param teacherHidden - teacher hidden states `[BT, Ht]`; gets no gradient
   * @param teacherWeight - teacher output projection `[V, Ht]`; gets no gradient
   * @param studentBias - student output bias `[V]`, or null
   * @param teacherBias - teacher output bias `[V]`, or null; gets no gradient
   * @param options - see {@link FusedLinearJsdOptions}; the biases in it are ignored here
   * @returns the scalar loss, float64 when any tensor argument is float64
   * @throws Error as {@link fusedLinearJSD} does
   */
  static override forward(
    ctx: FunctionCtx,
    studentHidden: Tensor,
    studentWeight: Tensor,
    teacherHidden: Tensor,
    teacherWeight: Tensor,
    studentBias: Tensor | null,
    teacherBias: Tensor | null,
    options: FusedLinearJsdOptions = {},
  ): Tensor {
    const plan = validateArguments(studentHidden, studentWeight, teacherHidden, teacherWeight, studentBias, teacherBias, options);
    const needs: GradientNeeds = {
      hidden: ctx.needsInputGrad[0] === true,
      weight: ctx.needsInputGrad[1] === true,
      bias: ctx.needsInputGrad[4] === true,
    };

    // Forward creates these accumulators and writes into their storage until it returns them.
    const gradients: Gradients = {
      hidden: needs.hidden ? new Tensor(newArray(studentHidden.dtype, studentHidden.size), studentHidden.shape) : null,
      weight: needs.weight ? new Tensor(newArray(studentWeight.dtype, studentWeight.size), studentWeight.shape) : null,
      bias: needs.bias && studentBias ? new Tensor(newArray(studentBias.dtype, studentBias.size), studentBias.shape) : null,
    };
    const student = { hidden: studentHidden, weight: studentWeight, bias: studentBias };
    const teacher = { hidden: teacherHidden, weight: teacherWeight, bias: teacherBias };

    // Dividing each row's gradient by the rows counted over all chunks, not per chunk, makes the
    // chunked loss equal the 'batchmean' JSD of the whole batch.
    const rowWeight = 1 / Math.max(plan.rowsCounted, 1);
    const chunkJsd = createChunkJsd(plan.beta, Math.min(plan.chunkSize, plan.rows), plan.vocabSize, computeDType(student));
    let rowLossSum = 0;
    try {
      for (let rowStart = 0; rowStart < plan.rows; rowStart += plan.chunkSize) {
        const rowEnd = Math.min(rowStart + plan.chunkSize, plan.rows);
        rowLossSum += runChunk(plan, rowStart, rowEnd, rowWeight, student, teacher, chunkJsd, gradients);
      }
    } finally {
      chunkJsd.dispose();
    }

    ctx.saveForBackward(gradients.hidden, gradients.weight, gradients.bias);
    const lossDType = [studentHidden, studentWeight, teacherHidden, teacherWeight, studentBias, teacherBias].some(
      (value) => value?.dtype === 'float64',
    )
      ? 'float64'
      : 'float32';
    const loss = newArray(lossDType, 1);
    loss[0] = rowLossSum / Math.max(plan.rowsCounted, 1);
    return new Tensor(loss, []);
  }

  /**
   * Scales the cached gradients by `gradOutput`.
   *
   * @param ctx - the context that forward filled
   * @param gradOutput - the upstream gradient, a scalar
   * @returns the gradients of `studentHidden`, `studentWeight` and `studentBias` at positions 0, 1
   *   and 4, and null for the teacher's tensors and the options
   */
  static override backward(ctx: FunctionCtx, gradOutput: Tensor | null): (Tensor | null)[] {
    const [gradHidden, gradWeight, gradBias] = ctx.savedTensors;
    if (gradOutput === null) return [null, null, null, null, null, null, null];

    const scale = gradOutput.data[0]!;
    return [scaled(gradHidden, scale), scaled(gradWeight, scale), null, null, scaled(gradBias, scale), null, null];
  }
}

interface Projection {
  readonly hidden: Tensor;
  readonly weight: Tensor;
  readonly bias: Tensor | null;
}

/**
 * Computes one chunk's loss and adds its gradients into `gradients`.
 *
 * @returns the sum of the chunk's unweighted row losses
 */
function runChunk(
  plan: FusedLinearJsdPlan,
  rowStart: number,
  rowEnd: number,
  rowWeight: number,
  student: Projection,
  teacher: Projection,
  chunkJsd: ChunkJsd,
  gradients: Gradients,
): number {
  const rows = rowEnd - rowStart;
  const rowWeights = new Float64Array(rows);
  for (let row = 0; row < rows; row++) rowWeights[row] = plan.counted[rowStart + row] ? rowWeight : 0;
  // A chunk of ignored rows adds no loss and leaves its gradients at zero.
  if (rowWeights.every((weight) => weight === 0)) return 0;

  const studentHidden = kernels.slice(student.hidden, [rowStart, 0], [rows, -1]);
  const studentLogProbs = chunkLogProbs(studentHidden, student.weight, student.bias, plan.temperature);
  const teacherHidden = kernels.slice(teacher.hidden, [rowStart, 0], [rows, -1]);
  const teacherLogProbs = chunkLogProbs(teacherHidden, teacher.weight, teacher.bias, plan.temperature);
  teacherHidden.dispose();

  const jsdResult = runChunkJsd(chunkJsd, studentLogProbs, teacherLogProbs, rowWeights, rowStart);
  teacherLogProbs.dispose();
  if (gradients.hidden === null && gradients.weight === null && gradients.bias === null) {
    jsdResult.release();
    studentLogProbs.dispose();
    studentHidden.dispose();
    return jsdResult.rowLossSum;
  }

  const gradLogits = logSoftmaxBackward(jsdResult.gradient, studentLogProbs, plan.temperature);
  jsdResult.release();
  studentLogProbs.dispose();

  if (gradients.hidden !== null) {
    // g W: [rows, V] x [V, H].
    const gradHidden = kernels.matmul(gradLogits, student.weight);
    gradients.hidden.data.set(gradHidden.data, rowStart * plan.hiddenSize);
    gradHidden.dispose();
  }
  if (gradients.weight !== null) {
    // g^T x: [V, rows] x [rows, H], summed over the chunks.
    const gradLogitsTransposed = kernels.transpose(gradLogits);
    const gradWeight = kernels.matmul(gradLogitsTransposed, studentHidden);
    gradLogitsTransposed.dispose();
    addInto(gradients.weight.data, gradWeight.data);
    gradWeight.dispose();
  }
  if (gradients.bias !== null) {
    const gradBias = kernels.sum(gradLogits, 0);
    addInto(gradients.bias.data, gradBias.data);
    gradBias.dispose();
  }

  gradLogits.dispose();
  studentHidden.dispose();
  return jsdResult.rowLossSum;
}

/** The dtype of the student's log-probabilities: float64 when any student tensor is float64. */
function computeDType(student: Projection): DType {
  return [student.hidden, student.weight, student.bias].some((value) => value?.dtype === 'float64') ? 'float64' : 'float32';
}

/** Returns `gradient` itself at a scale of exactly 1, so no pass runs over it. */
function scaled(gradient: Tensor | null | undefined, scale: number): Tensor | null {
  if (!gradient) return null;
  if (scale === 1) return gradient;
  return kernels.mul(gradient, scale);
}

function newArray(dtype: DType, length: number): TypedArray {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

/**
 * Runs the JSD of one chunk and reports a NaN in its log-probabilities by the caller's row. The row
 * alone is named, because logSoftmax spreads one NaN logit over its whole row.
 */
function runChunkJsd(
  chunkJsd: ChunkJsd,
  studentLogProbs: Tensor,
  teacherLogProbs: Tensor,
  rowWeights: Float64Array,
  rowStart: number,
): ChunkJsdResult {
  try {
    return chunkJsd.run(studentLogProbs, teacherLogProbs, rowWeights);
  } catch (error) {
    if (!(error instanceof FastPathNaNError)) throw error;
    const side = error.argument === 'input' ? 'student' : 'teacher';
    const row = rowStart + Math.floor(error.index / studentLogProbs.shape[1]!);
    throw new Error(
      `fusedLinearJSD: the ${side} logits of row ${row} contain NaN; check row ${row} of ${side}Hidden, ` +
        `and ${side}Weight and ${side}Bias, for NaN or for values that overflow`,
    );
  }
}
