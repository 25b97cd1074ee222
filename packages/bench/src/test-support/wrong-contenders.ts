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

/** A loop whose largest gradient element has the wrong sign, and a loop whose loss is 1% high. */
export const contenders: readonly Contender[] = [
  wrongLoop('wrong-gradient', ({ loss, grad }) => {
    let largest = 0;
    for (let i = 1; i < grad.length; i++) if (Math.abs(grad[i]) > Math.abs(grad[largest])) largest = i;
    grad[largest] = -grad[largest];
    return { loss, grad };
  }),
  wrongLoop('wrong-loss', ({ loss, grad }) => ({ loss: loss * 1.01, grad })),
];
