import type { Contender } from '../contender.js';
import { createLoopContender, jsdLoop } from '../contenders/loop.js';

/**
 * Contenders that return a wrong loss or gradient on purpose, loaded by the end-to-end test as an extra module to show that
 * the correctness check reports them instead of timing them.
 */
function wrongLoop(id: string, corrupt: (result: { loss: number; grad: Float32Array }) => { loss: number; grad: Float32Array }): Contender {
  const loop = createLoopContender();
  return {
    ...loop,
    id,
    label: id,
    prepare: async (jsdCase) => {
      const { studentLogProbs, teacherLogProbs, batchTokens } = jsdCase.inputs;
      let last: { loss: number; grad: Float32Array } | null = null;
      const prepared = await loop.prepare(jsdCase);
      return {
        ...prepared,
        run: () => {
          last = corrupt(jsdLoop(studentLogProbs, teacherLogProbs, batchTokens, jsdCase.beta) as { loss: number; grad: Float32Array });
        },
        result: () => last!,
      };
    },
  };
}

/** A loop that kills its worker process with exit code 7 whenever it runs at V = 32. */
function crashingLoop(): Contender {
  const loop = createLoopContender();
  return {
    ...loop,
    id: 'crash-at-v32',
    label: 'crash-at-v32',
    prepare: async (jsdCase) => {
      const prepared = await loop.prepare(jsdCase);
      return {
        ...prepared,
        run: (mode) => {
          if (jsdCase.inputs.vocabSize === 32) process.exit(7);
          return prepared.run(mode);
        },
      };
    },
  };
}

/**
 * A loop whose largest gradient element has the wrong sign, a loop whose loss is 1% high, and a loop whose worker
 * dies at V = 32.
 */
export const contenders: readonly Contender[] = [
  crashingLoop(),
  wrongLoop('wrong-gradient', ({ loss, grad }) => {
    let largest = 0;
    for (let i = 1; i < grad.length; i++) if (Math.abs(grad[i]) > Math.abs(grad[largest])) largest = i;
    grad[largest] = -grad[largest];
    return { loss, grad };
  }),
  wrongLoop('wrong-loss', ({ loss, grad }) => ({ loss: loss * 1.01, grad })),
];
