import { setBackend, tensor, type ConcreteBackend, type Tensor } from '@fusegrad/core';

import type { ReferenceCase } from './fixtures.js';

/** The backends that run the synchronous losses: every available one except webgpu, which is asynchronous. */
export function synchronousBackends(backends: readonly ConcreteBackend[]): ConcreteBackend[] {
  if (backends.includes('webgpu')) console.log('webgpu skipped for jsd() and crossEntropy(): they are synchronous');
  return backends.filter((backend) => backend !== 'webgpu');
}

/** Runs `body` with `backend` selected, restoring 'auto' afterwards. */
export function onBackend<T>(backend: ConcreteBackend, body: () => T): T {
  setBackend(backend);
  try {
    return body();
  } finally {
    setBackend('auto');
  }
}

/** Whether a JSD reference case applies: mixture-convention cases at beta 0 or 1 expect 0, where jsd computes KL. */
export function appliesToKlEndpoints(referenceCase: ReferenceCase): boolean {
  const beta = referenceCase.params.beta as number;
  return referenceCase.params.convention !== 'mixture' || (beta > 0 && beta < 1);
}

/** Builds a float32 tensor `[rows, vocabSize]` from a reference case's flat array. */
export function caseTensor(referenceCase: ReferenceCase, name: string, requiresGrad = false): Tensor {
  const values = referenceCase.inputs[name];
  if (!values) throw new Error(`reference case ${referenceCase.name} has no input ${name}`);
  return tensor(Float32Array.from(values), { shape: [...referenceCase.shape], requiresGrad });
}

/** Returns the labels of a reference case as numbers, or undefined when it has none. */
export function caseLabels(referenceCase: ReferenceCase, name = 'labels'): number[] | undefined {
  const values = referenceCase.inputs[name];
  return values ? Array.from(values) : undefined;
}

/** Log-softmax of each row of a flat `[rows, vocabSize]` array, in float64. */
export function logSoftmaxRows(logits: ArrayLike<number>, rows: number, vocabSize: number): Float64Array {
  const output = new Float64Array(rows * vocabSize);
  for (let row = 0; row < rows; row++) {
    let max = -Infinity;
    for (let column = 0; column < vocabSize; column++) max = Math.max(max, logits[row * vocabSize + column]!);
    let sumExp = 0;
    for (let column = 0; column < vocabSize; column++) sumExp += Math.exp(logits[row * vocabSize + column]! - max);
    const logSumExp = max + Math.log(sumExp);
    for (let column = 0; column < vocabSize; column++) output[row * vocabSize + column] = logits[row * vocabSize + column]! - logSumExp;
  }
  return output;
}
