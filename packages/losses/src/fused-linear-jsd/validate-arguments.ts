import { formatShape, type Tensor } from '@fusegrad/core';

import { checkOptionKeys, checkTensor, countedRows, describe } from '../validation.js';
import { defaultChunkSize } from './chunk-size.js';
import type { FusedLinearJsdOptions } from './options.js';

const CALLER = 'fusedLinearJSD';

const OPTION_KEYS: Readonly<Record<keyof FusedLinearJsdOptions, true>> = {
  studentBias: true,
  teacherBias: true,
  labels: true,
  ignoreIndex: true,
  beta: true,
  temperature: true,
  chunkSize: true,
};

/** The checked sizes and options of one fused linear JSD call. */
export interface FusedLinearJsdPlan {
  readonly rows: number;
  readonly hiddenSize: number;
  readonly teacherHiddenSize: number;
  readonly vocabSize: number;
  readonly beta: number;
  readonly temperature: number;
  readonly chunkSize: number;
  /** One flag per row: 1 when the row counts, 0 when its label equals `ignoreIndex`. */
  readonly counted: Uint8Array;
  readonly rowsCounted: number;
}

/**
 * Checks the tensors and options of a fused linear JSD call and derives its sizes. An unknown
 * option key is an error, so that a misspelt option is not ignored.
 *
 * @throws Error naming the argument, the actual and expected shape or value, and the fix
 */
export function validateArguments(
  studentHidden: unknown,
  studentWeight: unknown,
  teacherHidden: unknown,
  teacherWeight: unknown,
  studentBias: unknown,
  teacherBias: unknown,
  options: FusedLinearJsdOptions,
): FusedLinearJsdPlan {
  checkMatrix(studentHidden, 'studentHidden', '[BT, H]');
  checkMatrix(studentWeight, 'studentWeight', '[V, H]');
  checkMatrix(teacherHidden, 'teacherHidden', '[BT, Ht]');
  checkMatrix(teacherWeight, 'teacherWeight', '[V, Ht]');

  const [rows, hiddenSize] = studentHidden.shape as [number, number];
  const [vocabSize, weightHiddenSize] = studentWeight.shape as [number, number];
  const [teacherRows, teacherHiddenSize] = teacherHidden.shape as [number, number];
  const [teacherVocabSize, teacherWeightHiddenSize] = teacherWeight.shape as [number, number];

  if (weightHiddenSize !== hiddenSize) {
    throwMismatch('studentWeight', studentWeight, 'studentHidden', studentHidden, 'dimension 1 of both must be the hidden size H');
  }
  if (teacherRows !== rows) {
    throwMismatch('teacherHidden', teacherHidden, 'studentHidden', studentHidden, 'dimension 0 of both must be the row count BT');
  }
  if (teacherWeightHiddenSize !== teacherHiddenSize) {
    throwMismatch('teacherWeight', teacherWeight, 'teacherHidden', teacherHidden, 'dimension 1 of both must be the teacher hidden size Ht');
  }
  if (teacherVocabSize !== vocabSize) {
    throwMismatch('teacherWeight', teacherWeight, 'studentWeight', studentWeight, 'dimension 0 of both must be the vocabulary size V');
  }
  checkBias(studentBias, 'studentBias', vocabSize);
  checkBias(teacherBias, 'teacherBias', vocabSize);
  checkOptionKeys(CALLER, options, OPTION_KEYS);

  const beta = checkBeta(options.beta ?? 0.5);
  const temperature = checkTemperature(options.temperature ?? 1);
  const chunkSize = checkChunkSize(options.chunkSize ?? defaultChunkSize(vocabSize));
  const { counted, rowsCounted } = countedRows(CALLER, options.labels, rows, options.ignoreIndex ?? -100);

  return { rows, hiddenSize, teacherHiddenSize, vocabSize, beta, temperature, chunkSize, counted, rowsCounted };
}

function checkMatrix(value: unknown, name: string, expected: string): asserts value is Tensor {
  checkTensor(CALLER, value, name);
  if (value.rank !== 2) {
    throw new Error(
      `${CALLER}: ${name} must be 2-D ${expected}, got shape ${formatShape(value.shape)}; ` +
        'flatten batch and sequence into one row dimension (for example x.reshape([-1, x.shape[x.rank - 1]]))',
    );
  }
  if (value.dtype !== 'float32' && value.dtype !== 'float64') {
    throw new Error(`${CALLER}: ${name} has dtype ${String(value.dtype)}; pass a float32 or float64 tensor`);
  }
}

function throwMismatch(name: string, value: Tensor, otherName: string, other: Tensor, rule: string): never {
  throw new Error(
    `${CALLER}: ${name} has shape ${formatShape(value.shape)} but ${otherName} has shape ` +
      `${formatShape(other.shape)}; ${rule}`,
  );
}

function checkBias(bias: unknown, name: string, vocabSize: number): void {
  if (bias === undefined || bias === null) return;

  checkTensor(CALLER, bias, name);
  if (bias.rank !== 1 || bias.shape[0] !== vocabSize) {
    throw new Error(
      `${CALLER}: ${name} has shape ${formatShape(bias.shape)} but the weights have ${vocabSize} rows; ` +
        `pass a bias of shape [${vocabSize}] or leave it out`,
    );
  }
}

function checkBeta(beta: unknown): number {
  if (typeof beta !== 'number' || !Number.isFinite(beta) || beta < 0 || beta > 1) {
    throw new Error(
      `${CALLER}: beta must be a finite number in [0, 1], got ${describe(beta)}; ` +
        'use 0 for forward KL(P || Q), 1 for reverse KL(Q || P), 0.5 for the symmetric JSD',
    );
  }
  return beta;
}

function checkTemperature(temperature: unknown): number {
  if (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature <= 0) {
    throw new Error(
      `${CALLER}: temperature must be a finite number greater than 0, got ${describe(temperature)}; ` +
        'use 1 for the plain softmax, larger values for softer distributions',
    );
  }
  return temperature;
}

function checkChunkSize(chunkSize: unknown): number {
  if (typeof chunkSize !== 'number' || !Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new Error(
      `${CALLER}: chunkSize must be a positive integer number of rows, got ${describe(chunkSize)}; ` +
        'leave it out for the default',
    );
  }
  return chunkSize;
}
