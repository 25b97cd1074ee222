import type { Tensor } from '@fusegrad/core';

import { JSDFunction, type JsdOptions } from './jsd-function.js';

/**
 * Computes the generalized Jensen-Shannon divergence between student and teacher log-probabilities,
 * fused: one gpu.js kernel launch yields the loss terms and the gradient, the autograd node keeps
 * only the gradient, and backward scales it by the upstream gradient.
 *
 * With X = `input`, Y = `target`, Q = exp X, P = exp Y, per element:
 * - 0 < beta < 1: M = beta P + (1 - beta) Q, loss beta P (Y - log M) + (1 - beta) Q (X - log M),
 *   gradient (1 - beta) Q (X - log M). log M is computed as the log-add-exp of log(beta) + Y and
 *   log(1 - beta) + X, so it stays finite when P and Q underflow in float32.
 * - beta = 0: forward KL(P || Q) = P (Y - X), gradient -P.
 * - beta = 1: reverse KL(Q || P) = Q (X - Y), gradient Q (X - Y) + Q.
 *
 * Both arguments must be log-probabilities, the output of `logSoftmax`, so that each row's exp sums
 * to 1. Nothing checks this, because a check would cost a logsumexp pass over every row: logits or
 * other unnormalized rows give a number that is not a divergence (it can exceed ln 2 at beta 0.5,
 * or be negative) and a gradient that does not lead toward the teacher. Pass raw logits through
 * `logSoftmax(logits, -1)` first, or use {@link distillationLoss}, which does that.
 *
 * Zero probabilities follow 0 log 0 = 0: a -Infinity log-probability contributes nothing and never
 * produces NaN (disjoint one-hot rows give ln 2 at beta 0.5), while a KL with mismatched support is
 * +Infinity (reverse KL then also has an infinite gradient there). The row sums accumulate in
 * float64. `target` receives no gradient. The node is once-differentiable: differentiating its
 * gradient again (backward with `createGraph`) throws.
 *
 * Backends: float32 inputs run on the fast path, kernels whose exp and log are arithmetic, on the
 * backend that `setBackend` or `FUSEGRAD_BACKEND` selects. An explicit cpu, webasm or headlessgl
 * backend runs them in the calling thread. `'auto'` runs them on webasm or cpu worker threads, or
 * on headlessgl in the calling thread, whichever measured fastest and correct on first use (see
 * `getSharedFastLossPool`). gpu.js computes in float32 (the cpu backend in float64, rounded to
 * float32); float64 tensors use a float64 JavaScript loop with the same formulas instead. The webgpu backend is asynchronous and
 * not supported by this synchronous call. `backendInfo()` reports which gpu.js backend ran.
 *
 * @param input - student log-probabilities `[rows, vocabSize]` (rows are tokens, vocabSize at least 1)
 * @param target - teacher log-probabilities, same shape; gets no gradient
 * @param options - `beta` (default 0.5, in [0, 1]); `labels`, one integer per row, and `ignoreIndex`
 *   (default -100): rows whose label equals it add nothing to the loss or gradient and are not
 *   counted; `reduction`: 'batchmean' (default, sum over counted rows / their count), 'sum',
 *   'mean' (sum / counted elements) or 'none' (a `[rows]` vector, 0 on ignored rows, whose backward
 *   scales each row by its own upstream value). With no row counted, because every row is ignored
 *   or there are zero rows, the loss is 0 (an empty `[0]` vector with 'none') and the gradient all
 *   zeros; zero rows launch no kernel. Any other key is an error.
 * @returns the loss: a scalar tensor, or `[rows]` with reduction 'none'; float64 when either input is
 *   float64, else float32
 * @throws Error when `input` is not 2-D or has vocabSize 0, the shapes differ, `labels` has the
 *   wrong length or a label is not an integer, `input` or `target` contains NaN (checked in every
 *   row, ignored rows included), `beta` is outside [0, 1] or not finite, `reduction` is unknown,
 *   `options` has an unknown key, or the selected backend is webgpu or cannot run
 * @example
 * ```ts
 * import { jsd, tensor } from 'fusegrad';
 *
 * const student = tensor([[Math.log(0.3), Math.log(0.7)]], { requiresGrad: true });
 * const teacher = tensor([[Math.log(0.6), Math.log(0.4)]]);
 * const loss = jsd(student, teacher, { beta: 0.5 });
 * loss.backward();
 * console.log(loss.item().toFixed(7)); // 0.0462008
 * console.log(student.grad?.toArray()); // [[-0.0608198, 0.0844067]] (rounded)
 * ```
 */
export function jsd(input: Tensor, target: Tensor, options: JsdOptions = {}): Tensor {
  return JSDFunction.apply(input, target, options);
}
