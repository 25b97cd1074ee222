import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { makeJsdInputs, type JsdInputs } from './inputs.js';
import { jsdReference, type LossAndGradient } from './reference.js';

/**
 * Inputs and float64 references shared by the worker processes of one run through files in a temporary folder, so
 * that each case's data is generated and its reference computed once rather than once per contender (at
 * BT = 1024, V = 32768 each takes about a second). Without a folder, everything is computed in memory.
 *
 * @example
 * ```ts
 * import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { CaseCache } from '@fusegrad/bench';
 *
 * const folder = mkdtempSync(join(tmpdir(), 'case-cache-'));
 * try {
 *   const cache = new CaseCache(folder);
 *   const reference = cache.reference(cache.inputs(4, 16, 1), 0.5, 1);
 *   console.log(readdirSync(folder)); // [ 'inputs-4x16-seed1.bin', 'reference-4x16-seed1-beta0.5.bin' ]
 *
 *   // Another worker process opens the same folder and reads the files instead of recomputing.
 *   const other = new CaseCache(folder);
 *   console.log(other.reference(other.inputs(4, 16, 1), 0.5, 1).loss === reference.loss); // true
 * } finally {
 *   rmSync(folder, { recursive: true, force: true });
 * }
 * ```
 */
export class CaseCache {
  /**
   * Creates a cache over a folder.
   *
   * @param folder - An existing folder that the run owns, or null to compute everything in memory.
   */
  constructor(private readonly folder: string | null) {}

  /**
   * Loads or generates the inputs of a case (see `makeJsdInputs`).
   *
   * @param batchTokens - Rows, BT.
   * @param vocabSize - Columns, V.
   * @param seed - Seed of the generator.
   * @returns Fresh arrays owned by the caller.
   */
  inputs(batchTokens: number, vocabSize: number, seed: number): JsdInputs {
    const path = this.folder && join(this.folder, `inputs-${batchTokens}x${vocabSize}-seed${seed}.bin`);
    if (path && existsSync(path)) {
      const bytes = readFileSync(path);
      const count = batchTokens * vocabSize;
      const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      return { batchTokens, vocabSize, studentLogProbs: values.slice(0, count), teacherLogProbs: values.slice(count) };
    }

    const inputs = makeJsdInputs(batchTokens, vocabSize, seed);
    if (path) writeAtomically(path, [inputs.studentLogProbs, inputs.teacherLogProbs]);
    return inputs;
  }

  /**
   * Loads or computes the float64 reference of a case (see `jsdReference`).
   *
   * @param inputs - The case's inputs, as {@link CaseCache.inputs} returned them.
   * @param beta - Weight of the teacher in the mixture.
   * @param seed - The seed the inputs came from, part of the file name.
   * @returns The loss and a Float64Array gradient.
   */
  reference(inputs: JsdInputs, beta: number, seed: number): LossAndGradient {
    const { batchTokens, vocabSize } = inputs;
    const path = this.folder && join(this.folder, `reference-${batchTokens}x${vocabSize}-seed${seed}-beta${beta}.bin`);
    if (path && existsSync(path)) {
      const bytes = readFileSync(path);
      const values = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      return { loss: values[0], grad: values.subarray(1) };
    }

    const reference = jsdReference(inputs.studentLogProbs, inputs.teacherLogProbs, batchTokens, beta);
    if (path) writeAtomically(path, [Float64Array.of(reference.loss), reference.grad]);
    return reference;
  }
}

/** Writes arrays back to back to a temporary name and renames it, so no reader ever sees half a file. */
function writeAtomically(path: string, arrays: readonly (Float32Array | Float64Array)[]): void {
  const partial = `${path}.partial`;
  const total = arrays.reduce((sum, array) => sum + array.byteLength, 0);
  const buffer = Buffer.allocUnsafe(total);
  let offset = 0;
  for (const array of arrays) {
    buffer.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
    offset += array.byteLength;
  }
  writeFileSync(partial, buffer);
  renameSync(partial, path);
}
