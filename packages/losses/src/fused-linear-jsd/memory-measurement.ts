import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { Generator, kernels, memory, randn, resetPeakMemory, type Tensor } from '@fusegrad/core';
import { div, logSoftmax, matmul, mul, noGrad, transpose } from '@fusegrad/autograd';

import { jsdUnfused } from '../jsd/jsd-unfused.js';
import { fusedLinearJSD } from './fused-linear-jsd.js';

/** Sizes and options of {@link measureFusedLinearJsdMemory}. */
export interface FusedLinearJsdMemoryOptions {
  /** Rows BT. Default 4096. */
  rows?: number;
  /** Student hidden size H. Default 256. */
  hiddenSize?: number;
  /** Teacher hidden size Ht. Default: `hiddenSize`. */
  teacherHiddenSize?: number;
  /** Vocabulary size V. Default 32768. */
  vocabSize?: number;
  /** Rows per chunk of the fused path. Default: the default of {@link fusedLinearJSD}. */
  chunkSize?: number;
  /** Temperature of both paths. Default 1. */
  temperature?: number;
  /** Seed of the random inputs. Default 0. */
  seed?: number;
  /**
   * Row count for an extrapolated unfused peak, for sizes where the unfused path does not fit in
   * memory: the unfused path runs on the first `unfusedRows` and `unfusedRows / 2` rows (an even
   * number, at most `rows`), and its peak is extrapolated linearly to `rows`. Default: the unfused
   * path runs at `rows`.
   */
  unfusedRows?: number;
}

/** Peak tensor memory of the fused and the unfused linear JSD, forward and backward. */
export interface FusedLinearJsdMemoryReport {
  /** Rows BT of both paths' inputs. */
  readonly rows: number;
  /** Student hidden size H. */
  readonly hiddenSize: number;
  /** Teacher hidden size Ht. */
  readonly teacherHiddenSize: number;
  /** Vocabulary size V. */
  readonly vocabSize: number;
  /** Bytes of the input tensors, live during both measurements and included in both peaks. */
  readonly inputBytes: number;
  /** Peak tensor bytes of `fusedLinearJSD` forward and backward. */
  readonly fusedPeakBytes: number;
  /**
   * Peak tensor bytes of linear, logSoftmax and `jsdUnfused` composed through autograd, forward and
   * backward; an extrapolation when `unfusedEstimated` is true.
   */
  readonly unfusedPeakBytes: number;
  /** True when `unfusedPeakBytes` is extrapolated from the rows in `unfusedMeasuredRows`. */
  readonly unfusedEstimated: boolean;
  /** Row counts at which the unfused path ran. */
  readonly unfusedMeasuredRows: readonly number[];
  /** `fusedPeakBytes / unfusedPeakBytes`. */
  readonly ratio: number;
  /** The same ratio with `inputBytes` subtracted from both peaks. */
  readonly ratioAboveInputs: number;
  /**
   * Wall time of the fused forward and backward, in milliseconds. The first fused call in a process
   * also measures the fast JSD paths (about a second or more) unless another loss already did.
   */
  readonly fusedMs: number;
  /** Wall time of the unfused forward and backward, in milliseconds (of the larger run when estimated). */
  readonly unfusedMs: number;
}

/**
 * Measures the peak tensor bytes (`memory().peakBytes` after `resetPeakMemory()`) of one forward
 * and backward pass of {@link fusedLinearJSD} and of the unfused path it replaces: `x W^T`,
 * logSoftmax and `jsdUnfused` composed through autograd, with the teacher's log-probabilities
 * computed without a graph. Both paths see the same seeded inputs, and garbage is collected before
 * each measurement so that tensors of the other path do not count.
 *
 * The unfused path keeps dozens of `[BT, V]` tensors at its peak (43 float32 blocks, measured at
 * BT = 256, H = 256, V = 32768), so at the default sizes it needs about 21 GiB of tensor memory.
 * There, pass `unfusedRows` (for example 256) to extrapolate its peak from two smaller runs. The
 * extrapolation matched the direct measurement byte for byte at BT = 96, V = 2048 and at
 * BT = 256, V = 4096.
 * Garbage collection uses `globalThis.gc` when Node runs with `--expose-gc`, and otherwise enables
 * it through `v8.setFlagsFromString('--expose-gc')`.
 *
 * @param options - sizes (default BT = 4096, H = Ht = 256, V = 32768), `chunkSize`, `temperature`,
 *   `seed`, and `unfusedRows` to extrapolate the unfused peak from smaller runs
 * @returns both peaks in bytes, their ratio (fused over unfused) and the wall times
 * @throws Error as {@link fusedLinearJSD} does for invalid sizes, and when `unfusedRows` is not an
 *   even integer in [2, rows]
 * @example
 * ```ts
 * import { measureFusedLinearJsdMemory } from 'fusegrad';
 *
 * const report = await measureFusedLinearJsdMemory({ rows: 64, hiddenSize: 16, vocabSize: 1024 });
 * console.log(`fused/unfused peak tensor bytes: ${report.ratio.toFixed(3)}`);
 * ```
 */
export async function measureFusedLinearJsdMemory(options: FusedLinearJsdMemoryOptions = {}): Promise<FusedLinearJsdMemoryReport> {
  const rows = options.rows ?? 4096;
  const hiddenSize = options.hiddenSize ?? 256;
  const teacherHiddenSize = options.teacherHiddenSize ?? hiddenSize;
  const vocabSize = options.vocabSize ?? 32768;
  const temperature = options.temperature ?? 1;
  const unfusedRows = checkUnfusedRows(options.unfusedRows ?? rows, rows);

  const generator = new Generator(options.seed ?? 0);
  const studentHidden = randn([rows, hiddenSize], { generator, requiresGrad: true });
  const studentWeight = scaledRandn([vocabSize, hiddenSize], 1 / Math.sqrt(hiddenSize), generator, true);
  const teacherHidden = randn([rows, teacherHiddenSize], { generator });
  const teacherWeight = scaledRandn([vocabSize, teacherHiddenSize], 1 / Math.sqrt(teacherHiddenSize), generator, false);
  const inputs = [studentHidden, studentWeight, teacherHidden, teacherWeight];

  const fused = await measurePeak(() => {
    fusedLinearJSD(studentHidden, studentWeight, teacherHidden, teacherWeight, { temperature, chunkSize: options.chunkSize }).backward();
  }, inputs);
  const inputBytes = fused.baselineBytes;

  const runUnfused = (hidden: Tensor, teacher: Tensor) => {
    const studentLogProbs = logSoftmax(div(matmul(hidden, transpose(studentWeight)), temperature), -1);
    const teacherLogProbs = noGrad(() => logSoftmax(div(matmul(teacher, transpose(teacherWeight)), temperature), -1));
    jsdUnfused(studentLogProbs, teacherLogProbs).backward();
  };

  let unfusedPeakBytes: number;
  let unfusedMs: number;
  const unfusedMeasuredRows = unfusedRows === rows ? [rows] : [unfusedRows / 2, unfusedRows];
  if (unfusedRows === rows) {
    const unfused = await measurePeak(() => runUnfused(studentHidden, teacherHidden), inputs);
    unfusedPeakBytes = unfused.peakBytes;
    unfusedMs = unfused.milliseconds;
  } else {
    // Every tensor of the unfused pass that grows with the rows is [rows, V], [rows, H] or [rows],
    // so the bytes above the inputs are an affine function of the row count.
    const extras: number[] = [];
    unfusedMs = 0;
    for (const measuredRows of unfusedMeasuredRows) {
      const hidden = rowsOf(studentHidden, measuredRows, true);
      const teacher = rowsOf(teacherHidden, measuredRows, false);
      const unfused = await measurePeak(() => runUnfused(hidden, teacher), [...inputs, hidden]);
      extras.push(unfused.peakBytes - unfused.baselineBytes);
      unfusedMs = unfused.milliseconds;
      hidden.dispose();
      teacher.dispose();
    }
    const [smallExtra, largeExtra] = extras as [number, number];
    const bytesPerRow = (largeExtra - smallExtra) / (unfusedRows / 2);
    unfusedPeakBytes = inputBytes + largeExtra + bytesPerRow * (rows - unfusedRows);
  }

  for (const input of inputs) input.dispose();
  return {
    rows,
    hiddenSize,
    teacherHiddenSize,
    vocabSize,
    inputBytes,
    fusedPeakBytes: fused.peakBytes,
    unfusedPeakBytes,
    unfusedEstimated: unfusedRows !== rows,
    unfusedMeasuredRows,
    ratio: fused.peakBytes / unfusedPeakBytes,
    ratioAboveInputs: (fused.peakBytes - inputBytes) / (unfusedPeakBytes - inputBytes),
    fusedMs: fused.milliseconds,
    unfusedMs,
  };
}

function checkUnfusedRows(unfusedRows: number, rows: number): number {
  if (!Number.isInteger(unfusedRows) || unfusedRows < 2 || unfusedRows > rows || (unfusedRows !== rows && unfusedRows % 2 !== 0)) {
    throw new Error(
      `measureFusedLinearJsdMemory: unfusedRows is ${unfusedRows}; pass an even integer in [2, ${rows}] or leave it out`,
    );
  }
  return unfusedRows;
}

/** Copies the first `count` rows of `values` into a new leaf tensor. */
function rowsOf(values: Tensor, count: number, requiresGrad: boolean): Tensor {
  const copy = kernels.slice(values, [0, 0], [count, -1]);
  copy.requiresGrad = requiresGrad;
  return copy;
}

/** Runs `pass` after a garbage collection and returns its peak tensor bytes, then drops the gradients. */
async function measurePeak(
  pass: () => void,
  inputs: readonly Tensor[],
): Promise<{ baselineBytes: number; peakBytes: number; milliseconds: number }> {
  await collectGarbage();
  resetPeakMemory();
  const baselineBytes = memory().liveBytes;

  const started = performance.now();
  pass();
  const milliseconds = performance.now() - started;
  const { peakBytes } = memory();

  for (const input of inputs) {
    input.grad?.dispose();
    input.grad = null;
  }
  return { baselineBytes, peakBytes, milliseconds };
}

/** Collects garbage, then yields twice so that the FinalizationRegistry callbacks of memory accounting run. */
async function collectGarbage(): Promise<void> {
  garbageCollector()();
  await new Promise((resolve) => setTimeout(resolve, 0));
  await new Promise((resolve) => setTimeout(resolve, 0));
}

function garbageCollector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;

  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function scaledRandn(shape: number[], scale: number, generator: Generator, requiresGrad: boolean): Tensor {
  const values = noGrad(() => mul(randn(shape, { generator }), scale));
  values.requiresGrad = requiresGrad;
  return values;
}
