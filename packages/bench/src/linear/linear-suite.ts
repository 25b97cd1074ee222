import type { Tensor } from 'fusegrad';

import { loadFusegrad, type FusegradApi } from '../contenders/fusegrad-api.js';
import { UniformSource } from '../random.js';

/** Sizes of the fused linear JSD memory measurement. */
export interface LinearSuiteSizes {
  /** Rows, BT. */
  readonly rows: number;
  /** Hidden size H of both student and teacher. */
  readonly hiddenSize: number;
  /** Vocabulary size, V. */
  readonly vocabSize: number;
  /**
   * When set, the unfused path runs on this many rows and on half as many, and its peak is extrapolated linearly to
   * `rows` (fusegrad's `measureFusedLinearJsdMemory` option), for sizes where it does not fit in memory.
   */
  readonly unfusedRows?: number;
}

/** The outcome of the fused linear JSD measurement. */
export interface LinearRecord extends LinearSuiteSizes {
  /** `ok`, `wrong` (the small correctness check failed, so nothing was measured), `failed` or `skipped`. */
  readonly status: 'ok' | 'wrong' | 'failed' | 'skipped';
  /** The reason for any status but `ok`. */
  readonly reason?: string;
  /** Largest difference from the unfused composition in the correctness check, relative to the largest value. */
  readonly checkError?: number;
  /** Bytes of the input tensors, included in both peaks. */
  readonly inputBytes?: number;
  /** Peak tensor bytes of `fusedLinearJSD` forward and backward. */
  readonly fusedPeakBytes?: number;
  /** Peak tensor bytes of linear, logSoftmax and jsdUnfused composed through autograd. */
  readonly unfusedPeakBytes?: number;
  /** True when `unfusedPeakBytes` is extrapolated from the rows in `unfusedMeasuredRows`. */
  readonly unfusedEstimated?: boolean;
  /** Row counts at which the unfused path actually ran. */
  readonly unfusedMeasuredRows?: readonly number[];
  /** fusedPeakBytes / unfusedPeakBytes. */
  readonly ratio?: number;
  /** The same ratio with the input bytes subtracted from both peaks. */
  readonly ratioAboveInputs?: number;
  /** Wall time of the fused forward and backward in milliseconds (one run). */
  readonly fusedMs?: number;
  /** Wall time of the unfused forward and backward in milliseconds (one run). */
  readonly unfusedMs?: number;
}

interface LinearApi {
  fusedLinearJSD(h: Tensor, w: Tensor, th: Tensor, tw: Tensor, options: { chunkSize?: number; beta?: number }): Tensor;
  measureFusedLinearJsdMemory(options: LinearSuiteSizes): Promise<Required<Omit<LinearRecord, 'status' | 'reason' | 'checkError' | 'unfusedRows'>>>;
  matmul(a: Tensor, b: Tensor): Tensor;
  transpose(x: Tensor): Tensor;
  logSoftmax(x: Tensor, axis: number): Tensor;
  noGrad<T>(fn: () => T): T;
}

const CHECK_TOLERANCE = 1e-4;

/**
 * Measures the tensor memory that `fusedLinearJSD` saves. A small correctness check comes first: the loss and the
 * gradients of the student's hidden states and weight against linear, logSoftmax and jsdUnfused composed through
 * autograd, with a chunk size that does not divide the rows. Then fusegrad's `measureFusedLinearJsdMemory` runs at
 * the given sizes and reports both peaks of core's tensor accounting and their ratio.
 *
 * @param sizes - BT, H and V of the measurement (the target is stated at 4096, 256 and 32768).
 * @returns The record; `skipped` when the installed fusegrad lacks the functions.
 * @example
 * ```ts
 * import { measureLinearSuite } from '@fusegrad/bench';
 * const record = await measureLinearSuite({ rows: 64, hiddenSize: 16, vocabSize: 1024 });
 * console.log(record.status, record.ratio);
 * ```
 */
export async function measureLinearSuite(sizes: LinearSuiteSizes): Promise<LinearRecord> {
  const api = (await loadFusegrad()) as FusegradApi & Partial<LinearApi>;
  const names = ['fusedLinearJSD', 'measureFusedLinearJsdMemory', 'matmul', 'transpose', 'logSoftmax', 'noGrad', 'jsdUnfused'] as const;
  const missing = names.filter((name) => typeof api[name] !== 'function');
  if (missing.length > 0) return { ...sizes, status: 'skipped', reason: `fusegrad does not export ${missing.join(', ')}` };
  const linear = api as FusegradApi & LinearApi;

  try {
    const checkError = compareWithUnfused(linear);
    if (!(checkError <= CHECK_TOLERANCE)) {
      return { ...sizes, status: 'wrong', checkError, reason: `fusedLinearJSD differs from the unfused composition by ${checkError.toExponential(2)} (relative to the largest value), more than ${CHECK_TOLERANCE}` };
    }
    const measured = await linear.measureFusedLinearJsdMemory(sizes);
    return { ...sizes, status: 'ok', checkError, ...measured };
  } catch (error) {
    return { ...sizes, status: 'failed', reason: (error as Error).message };
  }
}

/** Runs both paths at BT = 13, H = 8, V = 96 (chunks of 5 rows) and returns the largest relative difference. */
function compareWithUnfused(api: FusegradApi & LinearApi): number {
  const [rows, hidden, vocab] = [13, 8, 96];
  const source = new UniformSource(11);
  const values = (count: number, scale: number) => Float32Array.from({ length: count }, () => (source.next() * 2 - 1) * scale);
  const data = { h: values(rows * hidden, 1), w: values(vocab * hidden, 0.5), th: values(rows * hidden, 1), tw: values(vocab * hidden, 0.5) };

  const run = (fused: boolean) => {
    const h = new api.Tensor(data.h.slice(), [rows, hidden], { requiresGrad: true });
    const w = new api.Tensor(data.w.slice(), [vocab, hidden], { requiresGrad: true });
    const th = new api.Tensor(data.th.slice(), [rows, hidden]);
    const tw = new api.Tensor(data.tw.slice(), [vocab, hidden]);
    let loss: Tensor;
    if (fused) {
      loss = api.fusedLinearJSD(h, w, th, tw, { chunkSize: 5 });
    } else {
      const studentLogProbs = api.logSoftmax(api.matmul(h, api.transpose(w)), -1);
      const teacherLogProbs = api.noGrad(() => api.logSoftmax(api.matmul(th, api.transpose(tw)), -1));
      loss = api.jsdUnfused!(studentLogProbs, teacherLogProbs, { beta: 0.5 });
    }
    (loss as unknown as { backward(): void }).backward();
    return [Float64Array.of(loss.item()), h.grad!.toFloat64Array(), w.grad!.toFloat64Array()];
  };

  const fused = run(true);
  const unfused = run(false);
  let worst = 0;
  for (let part = 0; part < fused.length; part++) {
    const scale = Math.max(...unfused[part].map(Math.abs), 1e-30);
    for (let i = 0; i < unfused[part].length; i++) {
      const difference = Math.abs(fused[part][i] - unfused[part][i]) / scale;
      if (!(difference <= worst)) worst = Number.isNaN(difference) ? Infinity : difference;
    }
  }
  return worst;
}
