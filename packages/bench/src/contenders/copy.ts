import type { Contender, JsdCase, PreparedContender } from '../contender.js';

/**
 * A memory-bandwidth floor: copies the student log-probabilities into a fresh Float32Array, one read and one write
 * of `BT * V` floats. The JSD needs at least two reads and one write of that size, so no implementation can be
 * faster than this on the same machine. It computes no loss, so it checks its own output (an exact copy) instead of
 * the JSD reference.
 *
 * @returns The contender, with id `copy`.
 * @example
 * ```ts
 * import { createCopyContender } from '@fusegrad/bench';
 * console.log(createCopyContender().group); // floor
 * ```
 */
export function createCopyContender(): Contender {
  return {
    id: 'copy',
    label: 'Float32Array copy',
    group: 'floor',
    modes: ['full'],
    accounting: 'input and output arrays',
    probe: async () => null,
    prepare: async (jsdCase: JsdCase): Promise<PreparedContender> => {
      const { studentLogProbs, teacherLogProbs } = jsdCase.inputs;
      let copy: Float32Array | null = null;

      return {
        run: () => {
          copy = new Float32Array(studentLogProbs);
        },
        result: () => {
          if (!copy) throw new Error('copy contender: result() called before forward()');
          return { loss: Number.NaN, grad: copy };
        },
        release: () => {
          copy = null;
        },
        measureTensorPeak: async (step) => {
          await step();
          return studentLogProbs.byteLength + teacherLogProbs.byteLength + studentLogProbs.byteLength;
        },
        dispose: () => {
          copy = null;
        },
      };
    },
    verify: async (prepared, jsdCase) => {
      const { grad } = await prepared.result();
      const source = jsdCase.inputs.studentLogProbs;
      for (let i = 0; i < source.length; i++) {
        if (grad[i] !== source[i]) {
          return { ok: false, message: `copy differs at index ${i}: ${grad[i]} vs ${source[i]}` };
        }
      }
      return { ok: true, message: '' };
    },
  };
}
