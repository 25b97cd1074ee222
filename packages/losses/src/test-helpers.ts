import { setBackend, tensor, type BackendName, type ConcreteBackend, type Tensor } from '@fusegrad/core';

import type { ReferenceCase } from './fixtures.js';

/** Filters the backends that run the synchronous losses: every available one except webgpu, which is asynchronous. */
export function synchronousBackends(backends: readonly ConcreteBackend[]): ConcreteBackend[] {
  if (backends.includes('webgpu')) console.log('webgpu skipped for jsd() and crossEntropy(): they are synchronous');
  return backends.filter((backend) => backend !== 'webgpu');
}

/** Runs `body` with `backend` selected, restoring 'auto' afterwards. */
export function onBackend<T>(backend: BackendName, body: () => T): T {
  setBackend(backend);
  try {
    return body();
  } finally {
    setBackend('auto');
  }
}

/** Checks whether a JSD reference case applies, because mixture-convention cases at beta 0 or 1 expect 0 where jsd computes KL. */
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
