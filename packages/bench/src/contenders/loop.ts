import type { Contender, JsdCase, PreparedContender } from '../contender.js';
import type { LossAndGradient } from '../reference.js';

/**
 * Computes the JSD loss and its gradient in one pass over plain Float32Arrays: the floor of what JavaScript can do
 * without gpu.js, with the same math as the fused kernel (log M formed from the larger of the two weighted
 * log-probabilities, zero probabilities adding nothing).
 *
 * @param studentLogProbs - X, `[batchTokens, vocabSize]` row-major.
 * @param teacherLogProbs - Y, laid out like X.
 * @param batchTokens - Rows, BT; the loss and the gradient are divided by it.
 * @param beta - Weight of the teacher in the mixture, in [0, 1].
 * @returns The loss (accumulated in float64) and a fresh Float32Array gradient.
 * @example
 * ```ts
 * import { jsdLoop } from '@fusegrad/bench';
 * const x = Float32Array.from([Math.log(0.3), Math.log(0.7)]);
 * const y = Float32Array.from([Math.log(0.6), Math.log(0.4)]);
 * console.log(jsdLoop(x, y, 1, 0.5).loss.toFixed(5)); // 0.04620
 * ```
 */
export function jsdLoop(
  studentLogProbs: Float32Array,
  teacherLogProbs: Float32Array,
  batchTokens: number,
  beta: number,
): LossAndGradient {
  const count = studentLogProbs.length;
  const grad = new Float32Array(count);
  const scale = 1 / batchTokens;
  const logBeta = Math.log(beta);
  const logOneMinusBeta = Math.log(1 - beta);
  let lossSum = 0;

  if (beta === 0) {
    for (let i = 0; i < count; i++) {
      const y = teacherLogProbs[i];
      const p = Math.exp(y);
      if (p > 0) lossSum += p * (y - studentLogProbs[i]);
      grad[i] = -p * scale;
    }
    return { loss: lossSum * scale, grad };
  }

  if (beta === 1) {
    for (let i = 0; i < count; i++) {
      const x = studentLogProbs[i];
      const q = Math.exp(x);
      if (q > 0) {
        const term = q * (x - teacherLogProbs[i]);
        lossSum += term;
        grad[i] = (term + q) * scale;
      }
    }
    return { loss: lossSum * scale, grad };
  }

  for (let i = 0; i < count; i++) {
    const x = studentLogProbs[i];
    const y = teacherLogProbs[i];
    const q = Math.exp(x);
    const p = Math.exp(y);
    const a = logBeta + y;
    const b = logOneMinusBeta + x;
    const logM = a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
    const studentTerm = q > 0 ? (1 - beta) * q * (x - logM) : 0;
    const teacherTerm = p > 0 ? beta * p * (y - logM) : 0;
    lossSum += teacherTerm + studentTerm;
    grad[i] = studentTerm * scale;
  }
  return { loss: lossSum * scale, grad };
}

/**
 * The handwritten single-pass loop as a contender. Like the fused node it produces the loss and the gradient in one
 * pass, so it has only the `full` mode.
 *
 * @returns The contender, with id `loop`.
 * @example
 * ```ts
 * import { createLoopContender } from '@fusegrad/bench';
 * const loop = createLoopContender();
 * console.log(loop.id); // loop
 * ```
 */
export function createLoopContender(): Contender {
  return {
    id: 'loop',
    label: 'Float32Array loop',
    group: 'floor',
    modes: ['full'],
    accounting: 'input and output arrays',
    probe: async () => null,
    prepare: async (jsdCase: JsdCase): Promise<PreparedContender> => {
      const { studentLogProbs, teacherLogProbs, batchTokens } = jsdCase.inputs;
      let last: LossAndGradient | null = null;

      return {
        run: () => {
          last = jsdLoop(studentLogProbs, teacherLogProbs, batchTokens, jsdCase.beta);
        },
        result: () => {
          if (!last) throw new Error('loop contender: result() called before forward()');
          return last;
        },
        release: () => {
          last = null;
        },
        measureTensorPeak: async (step) => {
          await step();
          return studentLogProbs.byteLength + teacherLogProbs.byteLength + studentLogProbs.byteLength;
        },
        dispose: () => {
          last = null;
        },
      };
    },
  };
}
