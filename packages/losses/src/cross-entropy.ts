import { formatShape, resolveBackend, Tensor } from '@fusegrad/core';
import { Function, FunctionCtx } from '@fusegrad/autograd';

import { emptyKernelResult, reduceRowLosses, scaleCachedGradient } from './cached-gradient.js';
import { computeCrossEntropyFast } from './fast/index.js';
import { computeCrossEntropy } from './kernels/cross-entropy-kernel.js';
import { computeCrossEntropyFloat64 } from './kernels/cross-entropy-float64.js';
import {
  checkClassRange,
  checkNoNaN,
  checkOptionKeys,
  checkReduction,
  checkTensor,
  checkVocabSize,
  countedRows,
  describe,
  reductionWeights,
  fastPoolForLoss,
  reportFastPathNaN,
  type Labels,
  type Reduction,
} from './validation.js';

/** Options of {@link crossEntropy}. */
export interface CrossEntropyOptions {
  /** Rows whose target equals this value add nothing and are not counted. Default -100. */
  ignoreIndex?: number;
  /** 'mean' (default, over counted rows), 'sum' or 'none' (`[rows]` per-row losses). */
  reduction?: 'mean' | 'sum' | 'none';
  /** Label smoothing s in [0, 1]: the target distribution becomes (1 - s) one-hot + s / vocabSize. Default 0. */
  labelSmoothing?: number;
}

const OPTION_KEYS: Readonly<Record<keyof CrossEntropyOptions, true>> = { ignoreIndex: true, reduction: true, labelSmoothing: true };

interface CrossEntropyAttrs {
  reduction: Reduction;
}

/**
 * Fused cross entropy as a once-differentiable autograd Function: forward computes softmax minus
 * the (smoothed) one-hot target in one gpu.js launch and keeps only that gradient, and backward
 * scales it by the upstream gradient. See {@link crossEntropy}.
 *
 * @example
 * ```ts
 * import { CrossEntropyFunction, tensor } from 'fusegrad';
 *
 * const logits = tensor([[2, 0, -1]], { requiresGrad: true });
 * const loss = CrossEntropyFunction.apply(logits, [0], {});
 * loss.backward();
 * console.log(loss.item(), logits.grad?.toArray());
 * ```
 */
export class CrossEntropyFunction extends Function {
  static override onceDifferentiable = true;

  /**
   * Validates the arguments and computes the loss and the cached gradient.
   *
   * @param ctx - the autograd context; keeps the gradient `[rows, vocabSize]` and the reduction
   * @param logits - unnormalized scores `[rows, vocabSize]`
   * @param targets - one class index per row
   * @param options - see {@link CrossEntropyOptions}
   * @returns the loss: a scalar, or `[rows]` with reduction 'none'
   * @throws Error as {@link crossEntropy} does
   */
  static override forward(ctx: FunctionCtx<CrossEntropyAttrs>, logits: Tensor, targets: Labels, options: CrossEntropyOptions = {}): Tensor {
    const caller = 'crossEntropy';
    checkTensor(caller, logits, 'logits');
    if (logits.rank !== 2) {
      throw new Error(
        `${caller}: logits must be 2-D [rows, vocabSize], got shape ${formatShape(logits.shape)}; ` +
          'reshape it so that each row is one token',
      );
    }
    checkVocabSize(caller, logits, 'logits');
    const [rows, vocabSize] = logits.shape as [number, number];
    if (targets === undefined || targets === null) {
      throw new Error(`${caller}: targets is missing; pass one integer class index per row`);
    }
    checkOptionKeys(caller, options, OPTION_KEYS);
    const ignoreIndex = options.ignoreIndex ?? -100;
    const reduction = checkReduction(caller, options.reduction ?? 'mean', ['mean', 'sum', 'none']);
    const labelSmoothing = checkLabelSmoothing(caller, options.labelSmoothing ?? 0);
    const { labels, counted, rowsCounted } = countedRows(caller, targets, rows, ignoreIndex, 'targets');
    checkClassRange(caller, labels!, counted, vocabSize, ignoreIndex, 'targets');

    // Cross entropy's 'mean' averages over counted rows, which is 'batchmean' in the row weights.
    const rowReduction: Reduction = reduction === 'mean' ? 'batchmean' : reduction;
    const { weights, divisor } = reductionWeights(counted, rowsCounted, vocabSize, rowReduction);
    const targetIndices = Float64Array.from(labels!, (label, row) => (counted[row] ? label : 0));
    const { grad, rowLosses } = runCrossEntropy(caller, logits, targetIndices, labelSmoothing, weights);

    ctx.attrs.reduction = rowReduction;
    if (ctx.needsInputGrad[0]) ctx.saveForBackward(new Tensor(grad, logits.shape));
    return reduceRowLosses(rowLosses, divisor, rowReduction, logits.dtype);
  }

  /**
   * Scales the cached gradient by `gradOutput`.
   *
   * @param ctx - the context that forward filled
   * @param gradOutput - upstream gradient: a scalar, or `[rows]` with reduction 'none'
   * @returns the gradient of `logits`, and null for `targets` and the options
   */
  static override backward(ctx: FunctionCtx<CrossEntropyAttrs>, gradOutput: Tensor | null): (Tensor | null)[] {
    const [gradient] = ctx.savedTensors;
    if (gradOutput === null || !gradient) return [null, null, null];
    return [scaleCachedGradient(gradient, gradOutput, ctx.attrs.reduction), null, null];
  }
}

/**
 * Computes the cross entropy between logits and integer class targets, fused like {@link jsd}: the
 * gradient softmax(z) - (1 - s) one-hot - s / V is computed in forward and cached.
 *
 * Per counted row: (1 - s) (logsumexp(z) - z[target]) + s (logsumexp(z) - mean(z)), with label
 * smoothing s. Rows whose target equals `ignoreIndex` add nothing and are not counted. With every
 * row ignored, or with zero rows, the loss is 0 (an empty `[0]` vector with 'none') and the gradient
 * all zeros, where PyTorch returns NaN; zero rows launch no kernel. The row logsumexp and the losses
 * are computed in float64, the gradient in one gpu.js launch on the selected backend (float64
 * tensors use a float64 JavaScript loop).
 *
 * @param logits - unnormalized scores `[rows, vocabSize]`, vocabSize at least 1; must not contain
 *   NaN, in any row, ignored rows included
 * @param targets - one integer class index per row, in [0, vocabSize) or equal to `ignoreIndex`
 * @param options - `ignoreIndex` (default -100), `reduction` ('mean' default, 'sum', 'none'),
 *   `labelSmoothing` (default 0, in [0, 1]); any other key is an error
 * @returns the loss: a scalar tensor, or `[rows]` with reduction 'none'
 * @throws Error when `logits` is not 2-D, has vocabSize 0 or contains NaN, `targets` has the wrong
 *   length or holds a non-integer or out-of-range class, `labelSmoothing` is outside [0, 1],
 *   `reduction` is unknown, `options` has an unknown key, or the selected backend is webgpu or
 *   cannot run
 * @example
 * ```ts
 * import { crossEntropy, tensor } from 'fusegrad';
 *
 * const logits = tensor([[2, 0, -1], [0.5, 0.5, 3]], { requiresGrad: true });
 * const loss = crossEntropy(logits, [0, -100]);
 * loss.backward();
 * console.log(loss.item().toFixed(4)); // 0.1698
 * ```
 */
export function crossEntropy(logits: Tensor, targets: Labels, options: CrossEntropyOptions = {}): Tensor {
  return CrossEntropyFunction.apply(logits, targets, options);
}

/**
 * Runs the cross entropy on the path that fits the dtype and backend, after checking for NaN; zero
 * rows launch nothing. The fast path finds NaN inside its kernels, the others scan the logits first.
 */
function runCrossEntropy(
  caller: string,
  logits: Tensor,
  targets: Float64Array,
  labelSmoothing: number,
  weights: Float64Array,
): { grad: Float32Array | Float64Array; rowLosses: Float64Array } {
  const [rows, vocabSize] = logits.shape as [number, number];
  if (rows === 0) return emptyKernelResult(logits.dtype);

  // Under 'auto', float32 runs on the fastest correct fast path measured on this machine.
  const fastPool = fastPoolForLoss(caller, logits.dtype);
  if (fastPool === null) checkNoNaN(caller, logits.shape, { name: 'logits', values: logits.data });

  if (logits.dtype === 'float64') {
    return computeCrossEntropyFloat64({ logits: logits.data as Float64Array, targets, rows, vocabSize, labelSmoothing, rowWeights: weights });
  }

  const float32Inputs = { logits: logits.data as Float32Array, targets, rows, vocabSize, labelSmoothing, rowWeights: Float32Array.from(weights) };
  if (fastPool !== null) return reportFastPathNaN(caller, logits.shape, () => computeCrossEntropyFast(float32Inputs, fastPool));
  return computeCrossEntropy(float32Inputs, resolveBackend());
}

function checkLabelSmoothing(caller: string, labelSmoothing: unknown): number {
  if (typeof labelSmoothing !== 'number' || !(labelSmoothing >= 0 && labelSmoothing <= 1)) {
    throw new Error(`${caller}: labelSmoothing must be a number in [0, 1], got ${describe(labelSmoothing)}; the default is 0`);
  }
  return labelSmoothing;
}
