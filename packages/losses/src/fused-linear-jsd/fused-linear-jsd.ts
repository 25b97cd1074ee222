import type { Tensor } from '@fusegrad/core';

import { FusedLinearJSDFunction } from './fused-linear-jsd-function.js';
import type { FusedLinearJsdOptions } from './options.js';

/**
 * Computes the generalized Jensen-Shannon divergence between a student's and a teacher's output
 * distributions straight from their hidden states and output projections, without holding the
 * `[BT, V]` logits or their gradient.
 *
 * Forward walks through chunks of `chunkSize` rows. For each chunk it forms the student and teacher
 * logits `hidden W^T + bias`, divides them by `temperature`, takes logSoftmax, and runs the fused JSD
 * kernel for the loss and the gradient with respect to the student log-probabilities (the same
 * per-element formulas as {@link jsd}). It carries that gradient back through logSoftmax and the
 * temperature to the logits, `(g - softmax * rowSum(g)) / T`, then to the hidden states (`g W`), and
 * adds it into the weight gradient (`g^T x`) and the bias gradient (column sums of `g`). Each chunk's
 * temporary tensors are disposed as soon as they are used, so peak memory grows with
 * `chunkSize * V` instead of `BT * V`. At BT = 4096, H = Ht = 256, V = 32768 and the default chunk
 * size, {@link measureFusedLinearJsdMemory} gave a peak of 164 MiB of tensors (72 MiB of them the
 * inputs) against about 20.6 GiB for linear, logSoftmax and `jsdUnfused` through autograd (an
 * extrapolation from 128 and 256 rows). The gradients are cached, and backward only scales them
 * by the upstream gradient. The Function is once-differentiable.
 *
 * The loss is the sum of the counted rows' JSD divided by the number of counted rows over the whole
 * batch ('batchmean'), with beta 0 and 1 meaning forward KL(P || Q) and reverse KL(Q || P). With
 * every row ignored the loss is 0 and every gradient is zero. Float32 tensors give float32
 * logits. With a float64 student the chunk runs in float64 (a float64 JavaScript loop for the JSD),
 * which `gradcheck` can check. The JSD kernel is the fast worker-thread path when the backend
 * setting is `'auto'` and a correct fast path exists on the machine, else the gpu.js kernel on the
 * selected backend. webgpu is not supported, because its kernels are asynchronous.
 *
 * @param studentHidden - student hidden states `[BT, H]` (rows are tokens)
 * @param studentWeight - student output projection `[V, H]`, as in `Linear`
 * @param teacherHidden - teacher hidden states `[BT, Ht]`; gets no gradient
 * @param teacherWeight - teacher output projection `[V, Ht]`; gets no gradient
 * @param options - `studentBias` and `teacherBias` `[V]` (default none). `labels`, one integer per
 *   row, and `ignoreIndex` (default -100): rows whose label equals it add nothing and are not
 *   counted. `beta` in [0, 1] (default 0.5). `temperature` greater than 0 (default 1). `chunkSize`
 *   is the number of rows per chunk. By default a chunk has as many rows as fit in 2^21 logits
 *   (8 MiB in float32), at least 1. Any other key is an error.
 * @returns the scalar loss; gradients reach `studentHidden`, `studentWeight` and `studentBias`
 * @throws Error when a tensor is not 2-D (the biases 1-D `[V]`), when shapes do not match (naming
 *   both shapes), when `labels` has the wrong length or a label is not an integer, when `beta` is
 *   outside [0, 1], when `temperature` is not greater than 0, when `chunkSize` is not a positive
 *   integer, when `options` has an unknown key, when the selected backend is webgpu, or when a
 *   row's student or teacher logits contain NaN. The message names the row. A chunk whose rows
 *   are all ignored is skipped, so NaN there is not reported.
 * @example
 * ```ts
 * import { fusedLinearJSD, randn } from 'fusegrad';
 *
 * const studentHidden = randn([6, 4], { requiresGrad: true });
 * const studentWeight = randn([10, 4], { requiresGrad: true });
 * const teacherHidden = randn([6, 8]);
 * const teacherWeight = randn([10, 8]);
 * const loss = fusedLinearJSD(studentHidden, studentWeight, teacherHidden, teacherWeight, {
 *   labels: [1, 2, -100, 3, 4, 5],
 *   temperature: 2,
 *   chunkSize: 4,
 * });
 * loss.backward();
 * console.log(loss.item(), studentWeight.grad?.shape); // a number >= 0, [ 10, 4 ]
 * ```
 */
export function fusedLinearJSD(
  studentHidden: Tensor,
  studentWeight: Tensor,
  teacherHidden: Tensor,
  teacherWeight: Tensor,
  options: FusedLinearJsdOptions = {},
): Tensor {
  const { studentBias = null, teacherBias = null } = options;
  return FusedLinearJSDFunction.apply(studentHidden, studentWeight, teacherHidden, teacherWeight, studentBias, teacherBias, options);
}
