import { cachedKernel, recordKernelRun, resolveBackend, type ConcreteBackend, type GPUInstance } from '@fusegrad/core';
import gpujs from 'gpu.js';

import { jsdLogMixture, jsdPointwiseGradient, jsdPointwiseLoss } from './jsd-element.js';
import { flattenRows, sumRows } from './kernel-output.js';

const { Input } = gpujs;

/** Wraps a flat row-major array as a gpu.js 2-D input `[rowLength, rowCount]` without copying it. */
function matrixInput(values: Float32Array, rowCount: number, rowLength: number) {
  return new Input(values as unknown as number[], [rowLength, rowCount]);
}

// Names that gpu.js resolves inside the kernel sources below: the element functions are passed in
// the kernel settings, and storeLossTerm is the kernel map's second output.
declare function storeLossTerm(lossTerm: number): number;

/** The inputs of one fused JSD launch. Every array is read, never written. */
export interface JsdKernelInputs {
  /** Student log-probabilities, row-major `[rows, vocabSize]`. */
  readonly input: Float32Array;
  /** Teacher log-probabilities, row-major `[rows, vocabSize]`. */
  readonly target: Float32Array;
  /** Number of rows (batch times sequence length, BT). */
  readonly rows: number;
  /** Vocabulary size V: the length of each row. */
  readonly vocabSize: number;
  /** Mixture weight in [0, 1]; 0 and 1 select forward and reverse KL. */
  readonly beta: number;
  /** Gradient scale per row `[rows]`: 0 skips the row entirely (no loss term, zero gradient). */
  readonly rowWeights: Float32Array;
}

/** The outputs of one fused JSD launch. */
export interface JsdKernelResult {
  /** d loss / d input, row-major `[rows, vocabSize]`, each row already multiplied by its row weight. */
  readonly grad: Float32Array;
  /** Each row's unweighted loss, summed in float64; 0 for rows whose weight is 0. */
  readonly rowLosses: Float64Array;
}

/**
 * Computes the JSD loss terms and the gradient in one gpu.js launch on the given backend.
 *
 * cpu and headlessgl run a kernel map: the gradient plus a second output for the loss terms.
 * Kernel maps do not run on webasm and webgpu, so there both go into one output plane
 * `[vocabSize, rows, 2]`. Each thread handles one element, so no loop runs over the vocabulary.
 * The loss terms are then summed per row in float64.
 *
 * Zero rows return an empty result without a launch, on every backend.
 *
 * @param inputs - student and teacher log-probabilities `[rows, vocabSize]`, beta and row weights
 * @param backend - the gpu.js backend to launch on; defaults to the selected backend
 * @returns the gradient `[rows, vocabSize]` scaled by the row weights, and each row's unweighted loss
 * @throws Error on the webgpu backend, whose kernels only run through {@link computeJsdAsync}
 * @example
 * ```ts
 * import { computeJsd } from 'fusegrad';
 *
 * // One row over a vocabulary of 2: student (input) and teacher (target) log-probabilities.
 * const result = computeJsd(
 *   {
 *     input: Float32Array.from([0.3, 0.7].map(Math.log)),
 *     target: Float32Array.from([0.6, 0.4].map(Math.log)),
 *     rows: 1,
 *     vocabSize: 2,
 *     beta: 0.5,
 *     rowWeights: Float32Array.of(1),
 *   },
 *   'cpu',
 * );
 * console.log(result.rowLosses[0]!.toFixed(5)); // 0.04620
 * console.log(Array.from(result.grad, (value) => value.toFixed(5))); // [ '-0.06082', '0.08441' ]
 * ```
 */
export function computeJsd(inputs: JsdKernelInputs, backend: ConcreteBackend = resolveBackend()): JsdKernelResult {
  // gpu.js rejects an output of size 0, and zero rows need no launch.
  if (inputs.rows === 0) return emptyResult();
  if (backend === 'webgpu') {
    throw new Error('jsd: the webgpu backend runs kernels asynchronously; use computeJsdAsync, or select headlessgl or cpu');
  }

  if (backend === 'cpu' || backend === 'headlessgl') {
    const kernel = jsdMapKernel(backend);
    kernel.setOutput([inputs.vocabSize, inputs.rows]);
    const output = kernel(...kernelArguments(inputs)) as unknown as { result: Float32Array[]; lossTerms: Float32Array[] };
    recordKernelRun(kernel, backend);
    return collectMapOutput(output, inputs);
  }

  const kernel = jsdPlaneKernel(backend);
  kernel.setOutput([inputs.vocabSize, inputs.rows, 2]);
  const plane = kernel(...kernelArguments(inputs)) as unknown as Float32Array[][];
  recordKernelRun(kernel, backend);
  return collectPlaneOutput(plane, inputs);
}

/**
 * Computes the JSD loss terms and the gradient in one gpu.js launch, awaiting the kernel: the only
 * form that runs on the webgpu backend (it accepts every other backend too).
 *
 * @param inputs - student and teacher log-probabilities `[rows, vocabSize]`, beta and row weights
 * @param backend - the gpu.js backend to launch on; defaults to the selected backend
 * @returns the same result as {@link computeJsd}
 * @example
 * ```ts
 * import { computeJsdAsync } from 'fusegrad';
 *
 * // Two rows; the second has weight 0, so it gets no loss and a zero gradient.
 * const logProbs = Float32Array.from([0.3, 0.7, 0.5, 0.5].map(Math.log));
 * const teacherLogProbs = Float32Array.from([0.6, 0.4, 0.9, 0.1].map(Math.log));
 * const { grad, rowLosses } = await computeJsdAsync(
 *   { input: logProbs, target: teacherLogProbs, rows: 2, vocabSize: 2, beta: 0.5, rowWeights: Float32Array.of(1, 0) },
 *   'cpu',
 * );
 * console.log(Array.from(rowLosses, (loss) => loss.toFixed(5))); // [ '0.04620', '0.00000' ]
 * console.log(Array.from(grad.subarray(2))); // [ 0, 0 ]
 * ```
 */
export async function computeJsdAsync(inputs: JsdKernelInputs, backend: ConcreteBackend = resolveBackend()): Promise<JsdKernelResult> {
  if (backend !== 'webgpu' || inputs.rows === 0) return computeJsd(inputs, backend);

  const kernel = jsdPlaneKernel(backend);
  kernel.setOutput([inputs.vocabSize, inputs.rows, 2]);
  const plane = (await kernel(...kernelArguments(inputs))) as unknown as Float32Array[][];
  recordKernelRun(kernel, backend);
  return collectPlaneOutput(plane, inputs);
}

function emptyResult(): JsdKernelResult {
  return { grad: new Float32Array(0), rowLosses: new Float64Array(0) };
}

function kernelArguments(inputs: JsdKernelInputs) {
  const { vocabSize, rows, beta } = inputs;

  // At beta 0 and 1 the kernel takes the KL branches and never reads these logarithms.
  const logBeta = beta > 0 ? Math.log(beta) : 0;
  const logOneMinusBeta = beta < 1 ? Math.log1p(-beta) : 0;

  return [
    matrixInput(inputs.input, rows, vocabSize),
    matrixInput(inputs.target, rows, vocabSize),
    inputs.rowWeights,
    beta,
    logBeta,
    logOneMinusBeta,
  ] as const;
}

function collectMapOutput(output: { result: Float32Array[]; lossTerms: Float32Array[] }, inputs: JsdKernelInputs): JsdKernelResult {
  return {
    grad: flattenRows(output.result, inputs.rows, inputs.vocabSize),
    rowLosses: sumRows(output.lossTerms, inputs.rows, inputs.vocabSize),
  };
}

function collectPlaneOutput(plane: Float32Array[][], inputs: JsdKernelInputs): JsdKernelResult {
  // The gradient is a view of the plane's first half, so the loss half stays allocated as long as
  // the gradient does. That costs memory but saves a copy of the whole gradient.
  return {
    grad: flattenRows(plane[0]!, inputs.rows, inputs.vocabSize),
    rowLosses: sumRows(plane[1]!, inputs.rows, inputs.vocabSize),
  };
}

const sharedSettings = {
  dynamicOutput: true,
  dynamicArguments: true,
  precision: 'single',
  tactic: 'precision',
  functions: [jsdLogMixture, jsdPointwiseLoss, jsdPointwiseGradient],
} as const;

/** Per-backend settings: headlessgl needs optimizeFloatMemory for outputs wider than 16384. */
function settingsFor(backend: ConcreteBackend, output: number[]) {
  return { ...sharedSettings, functions: [...sharedSettings.functions], output, optimizeFloatMemory: backend === 'headlessgl' };
}

function jsdMapKernel(backend: ConcreteBackend) {
  return cachedKernel(backend, 'losses.jsd.map', (gpu: GPUInstance) =>
    gpu.createKernelMap(
      {
        lossTerms: function storeLossTerm(lossTerm: number) {
          return lossTerm;
        },
      },
      function (
        studentLogProbs: number[][],
        teacherLogProbs: number[][],
        rowWeights: number[],
        beta: number,
        logBeta: number,
        logOneMinusBeta: number,
      ) {
        const weight = rowWeights[this.thread.y]!;
        let lossTerm = 0;
        let gradient = 0;
        if (weight != 0) {
          const x = studentLogProbs[this.thread.y]![this.thread.x]!;
          const y = teacherLogProbs[this.thread.y]![this.thread.x]!;
          const p = Math.exp(y);
          const q = Math.exp(x);
          const logMixture = jsdLogMixture(x, y, logBeta, logOneMinusBeta);
          lossTerm = jsdPointwiseLoss(x, y, p, q, logMixture, beta);
          gradient = weight * jsdPointwiseGradient(x, y, p, q, logMixture, beta);
        }
        storeLossTerm(lossTerm);
        return gradient;
      },
      settingsFor(backend, [1, 1]),
    ),
  );
}

// gpu.js compiles each kernel from its own source text, so this body repeats the kernel map's;
// the per-element math itself lives in the shared helper functions.
function jsdPlaneKernel(backend: ConcreteBackend) {
  return cachedKernel(backend, 'losses.jsd.plane', (gpu: GPUInstance) =>
    gpu.createKernel(
      function (
        studentLogProbs: number[][],
        teacherLogProbs: number[][],
        rowWeights: number[],
        beta: number,
        logBeta: number,
        logOneMinusBeta: number,
      ) {
        const weight = rowWeights[this.thread.y]!;
        let lossTerm = 0;
        let gradient = 0;
        if (weight != 0) {
          const x = studentLogProbs[this.thread.y]![this.thread.x]!;
          const y = teacherLogProbs[this.thread.y]![this.thread.x]!;
          const p = Math.exp(y);
          const q = Math.exp(x);
          const logMixture = jsdLogMixture(x, y, logBeta, logOneMinusBeta);
          lossTerm = jsdPointwiseLoss(x, y, p, q, logMixture, beta);
          gradient = weight * jsdPointwiseGradient(x, y, p, q, logMixture, beta);
        }
        // Plane 0 is the gradient, plane 1 the loss terms.
        if (this.thread.z == 0) {
          return gradient;
        }
        return lossTerm;
      },
      settingsFor(backend, [1, 1, 2]),
    ),
  );
}
