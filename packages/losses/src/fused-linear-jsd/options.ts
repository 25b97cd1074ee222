import type { Tensor } from '@fusegrad/core';

import type { Labels } from '../validation.js';

/** Options of {@link fusedLinearJSD} and {@link FusedLinearJSDFunction}. */
export interface FusedLinearJsdOptions {
  /** Student output bias `[V]`, added to the student logits; it receives a gradient. Default: none. */
  studentBias?: Tensor | null;
  /** Teacher output bias `[V]`, added to the teacher logits; it receives no gradient. Default: none. */
  teacherBias?: Tensor | null;
  /** One integer label per row `[BT]`; rows whose label equals `ignoreIndex` are ignored. Default: every row counts. */
  labels?: Labels;
  /** The label value that marks a row as ignored. Default -100. */
  ignoreIndex?: number;
  /** Weight of the teacher in the mixture M = beta P + (1 - beta) Q, in [0, 1]. Default 0.5. */
  beta?: number;
  /** Divisor of both models' logits before the softmax, greater than 0. Default 1. */
  temperature?: number;
  /**
   * Rows per chunk, a positive integer. Default: as many rows as fit in 2^21 logits (8 MiB in
   * float32), at least 1: 64 rows at V = 32768, 512 at V = 4096.
   */
  chunkSize?: number;
}
