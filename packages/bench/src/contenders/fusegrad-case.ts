import type { Tensor } from 'fusegrad';

import type { JsdCase, PreparedContender } from '../contender.js';
import type { FusegradApi, JsdLossFunction } from './fusegrad-api.js';

/**
 * Prepares a fusegrad loss (fused or unfused) for one case: the inputs become tensors that share the case's arrays
 * (the Tensor constructor takes them without copying, and nothing writes to them), the student requiring a gradient.
 *
 * @param api - The loaded fusegrad module.
 * @param lossFunction - `jsd` or `jsdUnfused`.
 * @param jsdCase - Inputs and beta.
 * @returns The prepared contender; peak tensor bytes come from fusegrad's `memory()`.
 */
export function prepareFusegradCase(api: FusegradApi, lossFunction: JsdLossFunction, jsdCase: JsdCase): PreparedContender {
  const { batchTokens, vocabSize, studentLogProbs, teacherLogProbs } = jsdCase.inputs;
  const student = new api.Tensor(studentLogProbs, [batchTokens, vocabSize], { requiresGrad: true });
  const teacher = new api.Tensor(teacherLogProbs, [batchTokens, vocabSize]);
  let loss: Tensor | null = null;

  const release = (): void => {
    loss?.dispose();
    loss = null;
    student.grad?.dispose();
    student.grad = null;
  };

  return {
    run: (mode) => {
      if (mode !== 'backward') {
        release();
        loss = lossFunction(student, teacher, { beta: jsdCase.beta });
      }
      if (mode !== 'forward') {
        if (!loss) throw new Error('fusegrad contender: backward step without a forward step');
        (loss as unknown as { backward(): void }).backward();
      }
    },
    result: () => {
      if (!loss || !student.grad) throw new Error('fusegrad contender: result() called before a full step');
      return { loss: loss.item(), grad: student.grad.toFloat32Array() };
    },
    release,
    measureTensorPeak: async (step) => {
      api.resetPeakMemory();
      await step();
      return api.memory().peakBytes;
    },
    dispose: () => {
      release();
      student.dispose();
      teacher.dispose();
    },
  };
}
