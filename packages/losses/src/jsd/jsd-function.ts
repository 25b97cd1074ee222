import { resolveBackend, Tensor } from '@fusegrad/core';
import { Function, FunctionCtx } from '@fusegrad/autograd';

import { emptyKernelResult, reduceRowLosses, scaleCachedGradient } from '../cached-gradient.js';
import { computeJsdFast } from '../fast/index.js';
import { computeJsd } from '../kernels/jsd-kernel.js';
import { computeJsdFloat64 } from '../kernels/jsd-float64.js';
import {
  checkNoNaN,
  checkOptionKeys,
  checkPairShapes,
  checkReduction,
  countedRows,
  describe,
  reductionWeights,
  fastPoolForLoss,
  reportFastPathNaN,
  type Labels,
  type Reduction,
} from '../validation.js';

/** Options of {@link jsd}, {@link JSD} and {@link JSDFunction}. */
export interface JsdOptions {
  /** Weight of the teacher in the mixture M = beta P + (1 - beta) Q, in [0, 1]. Default 0.5. */
  beta?: number;
  /** One integer label per row; rows whose label equals `ignoreIndex` are ignored. Default: every row counts. */
  labels?: Labels;
  /** The label value that marks a row as ignored. Default -100. */
  ignoreIndex?: number;
  /** 'batchmean' (default), 'sum', 'mean' (over counted elements) or 'none' (`[rows]` per-row losses). */
  reduction?: Reduction;
}

/** The keys of {@link JsdOptions}; the record type makes the compiler keep it complete. */
export const JSD_OPTION_KEYS: Readonly<Record<keyof JsdOptions, true>> = { beta: true, labels: true, ignoreIndex: true, reduction: true };

const REDUCTIONS: readonly Reduction[] = ['batchmean', 'sum', 'mean', 'none'];

interface JsdAttrs {
  reduction: Reduction;
}

/**
 * The fused generalized Jensen-Shannon divergence as a once-differentiable autograd Function.
 *
 * Forward computes the loss terms and the gradient with respect to `input` in one gpu.js launch,
 * keeps only the gradient, and returns the reduced loss. Backward scales the cached gradient by the
 * upstream gradient, returning it unchanged when that is exactly 1. `target` gets no gradient.
 * See {@link jsd} for the math, the options and the backends.
 *
 * @example
 * ```ts
 * import { JSDFunction, tensor } from 'fusegrad';
 *
 * const input = tensor([[Math.log(0.3), Math.log(0.7)]], { requiresGrad: true });
 * const target = tensor([[Math.log(0.6), Math.log(0.4)]]);
 * const loss = JSDFunction.apply(input, target, { beta: 0.5 });
 * loss.backward();
 * console.log(loss.item(), input.grad?.toArray());
 * ```
 */
export class JSDFunction extends Function {
  static override onceDifferentiable = true;

  /**
   * Validates the arguments and computes the loss and the cached gradient.
   *
   * @param ctx - the autograd context; keeps the gradient `[rows, vocabSize]` and the reduction
   * @param input - student log-probabilities `[rows, vocabSize]`
   * @param target - teacher log-probabilities `[rows, vocabSize]`
   * @param options - see {@link JsdOptions}
   * @returns the loss: a scalar, or `[rows]` with reduction 'none'
   * @throws Error as {@link jsd} does
   */
  static override forward(ctx: FunctionCtx<JsdAttrs>, input: Tensor, target: Tensor, options: JsdOptions = {}): Tensor {
    const caller = 'jsd';
    checkPairShapes(caller, input, target, 'input', 'target');
    checkOptionKeys(caller, options, JSD_OPTION_KEYS);
    const [rows, vocabSize] = input.shape as [number, number];
    const beta = checkBeta(caller, options.beta ?? 0.5);
    const reduction = checkReduction(caller, options.reduction ?? 'batchmean', REDUCTIONS);
    const { counted, rowsCounted } = countedRows(caller, options.labels, rows, options.ignoreIndex ?? -100);

    const { weights, divisor } = reductionWeights(counted, rowsCounted, vocabSize, reduction);
    const { grad, rowLosses } = runJsd(caller, input, target, beta, weights);

    ctx.attrs.reduction = reduction;
    if (ctx.needsInputGrad[0]) ctx.saveForBackward(new Tensor(grad, input.shape));
    const lossDType = input.dtype === 'float64' || target.dtype === 'float64' ? 'float64' : 'float32';
    return reduceRowLosses(rowLosses, divisor, reduction, lossDType);
  }

  /**
   * Scales the cached gradient by `gradOutput`.
   *
   * @param ctx - the context that forward filled
   * @param gradOutput - upstream gradient: a scalar, or `[rows]` with reduction 'none'
   * @returns the gradient of `input`, and null for `target` and the options
   */
  static override backward(ctx: FunctionCtx<JsdAttrs>, gradOutput: Tensor | null): (Tensor | null)[] {
    const [gradient] = ctx.savedTensors;
    if (gradOutput === null || !gradient) return [null, null, null];
    return [scaleCachedGradient(gradient, gradOutput, ctx.attrs.reduction), null, null];
  }
}

/**
 * Runs the JSD on the path that fits the dtype and backend, after checking for NaN; zero rows launch
 * nothing. The fast path finds NaN inside its kernels, the others scan the inputs first.
 */
function runJsd(
  caller: string,
  input: Tensor,
  target: Tensor,
  beta: number,
  weights: Float64Array,
): { grad: Float32Array | Float64Array; rowLosses: Float64Array } {
  const [rows, vocabSize] = input.shape as [number, number];
  if (rows === 0) return emptyKernelResult(input.dtype);

  // Under 'auto', float32 runs on the fastest correct fast path measured on this machine.
  const fastPool = fastPoolForLoss(caller, input.dtype);
  if (fastPool === null) {
    checkNoNaN(caller, input.shape, { name: 'input', values: input.data }, { name: 'target', values: target.data });
  }

  if (input.dtype === 'float64') {
    return computeJsdFloat64({ input: input.data as Float64Array, target: target.toFloat64Array(), rows, vocabSize, beta, rowWeights: weights });
  }

  const float32Inputs = { input: input.data as Float32Array, target: asFloat32(target), rows, vocabSize, beta, rowWeights: Float32Array.from(weights) };
  if (fastPool !== null) return reportFastPathNaN(caller, input.shape, () => computeJsdFast(float32Inputs, fastPool));
  return computeJsd(float32Inputs, resolveBackend());
}

/** Returns float32 values of `target` without copying when it already is float32. */
function asFloat32(target: Tensor): Float32Array {
  return target.dtype === 'float32' ? (target.data as Float32Array) : target.toFloat32Array();
}

function checkBeta(caller: string, beta: unknown): number {
  if (typeof beta !== 'number' || !Number.isFinite(beta) || beta < 0 || beta > 1) {
    throw new Error(
      `${caller}: beta must be a finite number in [0, 1], got ${describe(beta)}; ` +
        'use 0 for forward KL(P || Q), 1 for reverse KL(Q || P), 0.5 for the symmetric JSD',
    );
  }
  return beta;
}
