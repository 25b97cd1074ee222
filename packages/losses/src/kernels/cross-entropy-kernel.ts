import { cachedKernel, recordKernelRun, resolveBackend, type ConcreteBackend, type GPUInstance } from '@fusegrad/core';
import gpujs from 'gpu.js';

import { crossEntropyRowStats } from './cross-entropy-rows.js';
import { flattenRows } from './kernel-output.js';

const { Input } = gpujs;

/** The inputs of one fused cross-entropy computation. Every array is read, never written. */
export interface CrossEntropyKernelInputs {
  /** Logits, row-major `[rows, vocabSize]`. */
  readonly logits: Float32Array;
  /** Target class per row `[rows]`, in [0, vocabSize) wherever the row weight is not 0. */
  readonly targets: ArrayLike<number>;
  /** Number of rows (batch times sequence length, BT). */
  readonly rows: number;
  /** Vocabulary size V: the number of classes, and the length of each row. */
  readonly vocabSize: number;
  /** Label smoothing s in [0, 1]: the target distribution is (1 - s) one-hot + s / vocabSize. */
  readonly labelSmoothing: number;
  /** Gradient scale per row `[rows]`: 0 skips the row (no loss, zero gradient). */
  readonly rowWeights: Float32Array;
}

/** The outputs of a fused cross-entropy computation. */
export interface CrossEntropyKernelResult {
  /** d loss / d logits `[rows, vocabSize]`: softmax minus the smoothed one-hot, times the row weight. */
  readonly grad: Float32Array;
  /** Each row's unweighted loss in float64; 0 for rows whose weight is 0. */
  readonly rowLosses: Float64Array;
}

/**
 * Computes cross entropy and its gradient: one float64 pass in JavaScript for each row's logsumexp
 * and loss, then one gpu.js launch for softmax minus the smoothed one-hot. The row statistics stay
 * out of the kernel because a per-row loop over the vocabulary would be cut at gpu.js's loop limit.
 * Zero rows return an empty result without a launch, on every backend.
 *
 * @param inputs - logits `[rows, vocabSize]`, target classes, label smoothing and row weights
 * @param backend - the gpu.js backend to launch on; defaults to the selected backend
 * @returns the gradient `[rows, vocabSize]` scaled by the row weights, and each row's unweighted loss
 * @throws Error on the webgpu backend, whose kernels only run through {@link computeCrossEntropyAsync}
 * @example
 * ```ts
 * import { computeCrossEntropy } from 'fusegrad';
 *
 * // One row of 3 logits whose target is class 2.
 * const { grad, rowLosses } = computeCrossEntropy(
 *   { logits: Float32Array.of(1, 2, 3), targets: [2], rows: 1, vocabSize: 3, labelSmoothing: 0, rowWeights: Float32Array.of(1) },
 *   'cpu',
 * );
 * console.log(rowLosses[0]!.toFixed(5)); // 0.40761, that is -log(softmax(logits)[2])
 * console.log(Array.from(grad, (value) => value.toFixed(5))); // [ '0.09003', '0.24473', '-0.33476' ]
 * ```
 */
export function computeCrossEntropy(
  inputs: CrossEntropyKernelInputs,
  backend: ConcreteBackend = resolveBackend(),
): CrossEntropyKernelResult {
  // gpu.js rejects an output of size 0, and zero rows need no launch.
  if (inputs.rows === 0) return { grad: new Float32Array(0), rowLosses: new Float64Array(0) };
  if (backend === 'webgpu') {
    throw new Error(
      'crossEntropy: the webgpu backend runs kernels asynchronously; use computeCrossEntropyAsync, or select headlessgl or cpu',
    );
  }

  const stats = crossEntropyRowStats(inputs.logits, inputs.targets, inputs.rowWeights, inputs.rows, inputs.vocabSize, inputs.labelSmoothing);
  const kernel = gradientKernel(backend);
  kernel.setOutput([inputs.vocabSize, inputs.rows]);
  const rows = kernel(...kernelArguments(inputs, stats.logSumExp)) as unknown as Float32Array[];
  recordKernelRun(kernel, backend);

  return { grad: flattenRows(rows, inputs.rows, inputs.vocabSize), rowLosses: stats.rowLosses };
}

/**
 * Computes the same as {@link computeCrossEntropy}, awaiting the kernel, so that it also runs on webgpu.
 *
 * @param inputs - logits `[rows, vocabSize]`, target classes, label smoothing and row weights
 * @param backend - the gpu.js backend to launch on; defaults to the selected backend
 * @returns the same result as {@link computeCrossEntropy}
 * @example
 * ```ts
 * import { computeCrossEntropyAsync } from 'fusegrad';
 *
 * // With label smoothing 0.3 the target distribution over 3 classes is [0.1, 0.1, 0.8].
 * const { grad, rowLosses } = await computeCrossEntropyAsync(
 *   { logits: Float32Array.of(1, 2, 3), targets: [2], rows: 1, vocabSize: 3, labelSmoothing: 0.3, rowWeights: Float32Array.of(1) },
 *   'cpu',
 * );
 * console.log(rowLosses[0]!.toFixed(5)); // 0.70761, that is -(0.1, 0.1, 0.8) . logSoftmax(logits)
 * console.log(grad.reduce((sum, value) => sum + value, 0).toFixed(5)); // 0.00000, since both distributions sum to 1
 * ```
 */
export async function computeCrossEntropyAsync(
  inputs: CrossEntropyKernelInputs,
  backend: ConcreteBackend = resolveBackend(),
): Promise<CrossEntropyKernelResult> {
  if (backend !== 'webgpu' || inputs.rows === 0) return computeCrossEntropy(inputs, backend);

  const stats = crossEntropyRowStats(inputs.logits, inputs.targets, inputs.rowWeights, inputs.rows, inputs.vocabSize, inputs.labelSmoothing);
  const kernel = gradientKernel(backend);
  kernel.setOutput([inputs.vocabSize, inputs.rows]);
  const rows = (await kernel(...kernelArguments(inputs, stats.logSumExp))) as unknown as Float32Array[];
  recordKernelRun(kernel, backend);

  return { grad: flattenRows(rows, inputs.rows, inputs.vocabSize), rowLosses: stats.rowLosses };
}

function kernelArguments(inputs: CrossEntropyKernelInputs, logSumExp: Float64Array) {
  return [
    new Input(inputs.logits as unknown as number[], [inputs.vocabSize, inputs.rows]),
    Float32Array.from(logSumExp),
    Float32Array.from(inputs.targets),
    inputs.rowWeights,
    1 - inputs.labelSmoothing,
    inputs.labelSmoothing / inputs.vocabSize,
  ] as const;
}

function gradientKernel(backend: ConcreteBackend) {
  return cachedKernel(backend, 'losses.crossEntropy.gradient', (gpu: GPUInstance) =>
    gpu.createKernel(
      function (
        logits: number[][],
        logSumExp: number[],
        targets: number[],
        rowWeights: number[],
        targetMass: number,
        uniformMass: number,
      ) {
        const weight = rowWeights[this.thread.y]!;
        if (weight == 0) {
          return 0;
        }
        let gradient = Math.exp(logits[this.thread.y]![this.thread.x]! - logSumExp[this.thread.y]!) - uniformMass;
        if (this.thread.x == targets[this.thread.y]!) {
          gradient -= targetMass;
        }
        return weight * gradient;
      },
      {
        output: [1, 1],
        dynamicOutput: true,
        dynamicArguments: true,
        precision: 'single',
        tactic: 'precision',
        optimizeFloatMemory: backend === 'headlessgl',
      },
    ),
  );
}
