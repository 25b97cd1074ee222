/**
 * Messages between a {@link FastLossPool} and its worker threads. Arrays
 * travel as a SharedArrayBuffer plus offset and length, so worker and main
 * thread read and write the same memory.
 */
import type { FastBackend, JsdConvention } from './block-runner.js';

/**
 * A typed array's place in memory: a SharedArrayBuffer when it goes to a
 * worker, any buffer when the pool runs inline.
 */
export interface SharedSlice {
  readonly buffer: ArrayBufferLike;
  readonly byteOffset: number;
  readonly length: number;
}

/** States of a worker's slot in the control array. */
export const WorkerState = {
  idle: 0,
  running: 1,
  done: 2,
  failed: 3,
} as const;

/** Start-up data of every worker. */
export interface WorkerSetup {
  readonly backend: FastBackend;
  readonly index: number;
  /** One Int32 slot per worker, holding a {@link WorkerState}. */
  readonly control: SharedArrayBuffer;
  /** One Float64 slot per worker: its partial weighted loss. */
  readonly partials: SharedArrayBuffer;
  /**
   * Two Float64 slots per worker: the flat index of the first NaN input in
   * its rows (-1 when none), and the argument that contains it (0 the first, 1 the second).
   */
  readonly nanPositions: SharedArrayBuffer;
  /** One Int32 slot per worker, set to 1 once its message handler is installed. */
  readonly started: SharedArrayBuffer;
}

/** Rows [rowStart, rowEnd) of a JSD problem. */
export interface JsdJob {
  readonly op: 'jsd';
  readonly rowStart: number;
  readonly rowEnd: number;
  readonly vocabSize: number;
  readonly beta: number;
  readonly convention: JsdConvention;
  readonly input: SharedSlice;
  readonly target: SharedSlice;
  readonly rowWeights: SharedSlice;
  readonly gradient: SharedSlice;
  readonly rowLosses: SharedSlice;
}

/** Rows [rowStart, rowEnd) of a cross-entropy problem. */
export interface CrossEntropyJob {
  readonly op: 'crossEntropy';
  readonly rowStart: number;
  readonly rowEnd: number;
  readonly vocabSize: number;
  readonly labelSmoothing: number;
  readonly logits: SharedSlice;
  readonly targets: SharedSlice;
  readonly rowWeights: SharedSlice;
  readonly gradient: SharedSlice;
  readonly rowLosses: SharedSlice;
}

/** Asks the worker to destroy its kernels and exit. */
export interface CloseJob {
  readonly op: 'close';
}

/** Deliberately fails, so tests can check that worker errors reach the caller. */
export interface FailJob {
  readonly op: 'fail';
  readonly message: string;
}

/** Any message from the pool to a worker. */
export type WorkerJob = JsdJob | CrossEntropyJob | CloseJob | FailJob;

/** A worker's error, sent on its reply port before it marks its slot failed. */
export interface WorkerFailure {
  readonly message: string;
  readonly stack: string | undefined;
}
