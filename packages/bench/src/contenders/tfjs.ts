import { register } from 'node:module';

import type * as TF from '@tensorflow/tfjs-core';

import type { Contender, JsdCase, Mode, PreparedContender } from '../contender.js';

/** A TensorFlow.js backend that the bench compares with. */
export type TfjsBackendName = 'cpu' | 'wasm';

type Tf = typeof TF;

/**
 * Composes the JSD loss from TensorFlow.js ops, the way a TF.js user would write it: exp, the mixture, log, products
 * and a sum, divided by the number of rows. beta 0 and 1 are forward and reverse KL.
 *
 * @param tf - The TensorFlow.js core module.
 * @param studentLogProbs - X, `[BT, V]`.
 * @param teacherLogProbs - Y, `[BT, V]`.
 * @param beta - Weight of the teacher in the mixture, in [0, 1].
 * @returns The scalar loss tensor.
 */
function tfjsJsdLoss(tf: Tf, studentLogProbs: TF.Tensor, teacherLogProbs: TF.Tensor, beta: number): TF.Scalar {
  const rows = studentLogProbs.shape[0] ?? 1;

  if (beta === 0) {
    const p = tf.exp(teacherLogProbs);
    return tf.div(tf.sum(tf.mul(p, tf.sub(teacherLogProbs, studentLogProbs))), rows);
  }
  if (beta === 1) {
    const q = tf.exp(studentLogProbs);
    return tf.div(tf.sum(tf.mul(q, tf.sub(studentLogProbs, teacherLogProbs))), rows);
  }

  const p = tf.exp(teacherLogProbs);
  const q = tf.exp(studentLogProbs);
  const logM = tf.log(tf.add(tf.mul(p, beta), tf.mul(q, 1 - beta)));
  const teacherTerms = tf.mul(tf.mul(p, beta), tf.sub(teacherLogProbs, logM));
  const studentTerms = tf.mul(tf.mul(q, 1 - beta), tf.sub(studentLogProbs, logM));
  return tf.div(tf.sum(tf.add(teacherTerms, studentTerms)), rows);
}

/**
 * TensorFlow.js 4.22 on one of its CPU backends: the loss composed from tf ops and differentiated by
 * `tf.valueAndGrad`. `tf.valueAndGrad` runs forward and backward in one call, so there is no separate `backward`
 * mode. Peak tensor bytes come from `tf.profile`, TF.js's own accounting, in the same sense as fusegrad's
 * (inputs included).
 *
 * The wasm backend loads its `.wasm` file from `node_modules`, so it works offline. It sums in float32: with TF.js
 * 4.22 its loss was 0.8% off at 4 million elements and 1.8% off at 8 million. Its loss bound is therefore 5e-2
 * instead of 1e-3, while the gradient bound stays the default, and the records show the measured errors.
 *
 * @param backend - `'cpu'` (`@tensorflow/tfjs-backend-cpu`) or `'wasm'` (`@tensorflow/tfjs-backend-wasm`).
 * @returns The contender, with id `tfjs-cpu` or `tfjs-wasm`.
 * @example
 * ```ts
 * import { createTfjsContender } from '@fusegrad/bench';
 * const contender = createTfjsContender('wasm');
 * console.log(await contender.probe()); // null where the backend initialises
 * ```
 */
export function createTfjsContender(backend: TfjsBackendName): Contender {
  let tf: Tf | null = null;

  return {
    id: `tfjs-${backend}`,
    label: `TF.js ${backend}`,
    group: 'tfjs',
    modes: ['forward', 'full'],
    accounting: 'tf.profile peakBytes',
    ...(backend === 'wasm' ? { tolerance: { lossRtol: 5e-2 } } : {}),
    probe: async () => {
      try {
        tf = await loadTfjs(backend);
        return null;
      } catch (error) {
        return `TensorFlow.js ${backend} backend did not initialise: ${(error as Error).message}`;
      }
    },
    prepare: async (jsdCase: JsdCase): Promise<PreparedContender> => {
      if (!tf) throw new Error(`tfjs-${backend}: prepare() called before a successful probe()`);
      return prepareTfjs(tf, jsdCase);
    },
    describe: () => ({ backend: tf?.getBackend() ?? 'not loaded', version: tf?.version_core ?? 'unknown' }),
  };
}

async function loadTfjs(backend: TfjsBackendName): Promise<Tf> {
  const tf = await import('@tensorflow/tfjs-core');
  // tfjs-core's CommonJS bundle registers no gradients; see tfjs-resolve-hook.ts for how its own are loaded.
  register(new URL('./tfjs-resolve-hook.js', import.meta.url));
  await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  if (backend === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
  else await import('@tensorflow/tfjs-backend-wasm');

  const ok = await tf.setBackend(backend);
  await tf.ready();
  if (!ok || tf.getBackend() !== backend) {
    throw new Error(`tf.setBackend('${backend}') left the active backend at '${tf.getBackend()}'`);
  }
  return tf;
}

function prepareTfjs(tf: Tf, jsdCase: JsdCase): PreparedContender {
  const { batchTokens, vocabSize, studentLogProbs, teacherLogProbs } = jsdCase.inputs;
  const student = tf.tensor2d(studentLogProbs, [batchTokens, vocabSize]);
  const teacher = tf.tensor2d(teacherLogProbs, [batchTokens, vocabSize]);
  const lossAndGrad = tf.valueAndGrad((x: TF.Tensor) => tfjsJsdLoss(tf, x, teacher, jsdCase.beta));
  let loss: TF.Tensor | null = null;
  let grad: TF.Tensor | null = null;

  const release = (): void => {
    loss?.dispose();
    grad?.dispose();
    loss = null;
    grad = null;
  };

  const describeFailure = (error: unknown): Error => {
    const tensorMib = (batchTokens * vocabSize * 4) / 2 ** 20;
    const wasmNote = tf.getBackend() === 'wasm' ? '; the wasm backend keeps every tensor in one WebAssembly memory of at most 4 GiB' : '';
    return new Error(
      `TF.js ${tf.getBackend()} failed on [${batchTokens}, ${vocabSize}] inputs (${tensorMib.toFixed(0)} MiB per float32 tensor of that shape${wasmNote}): ${(error as Error).message}`,
    );
  };

  return {
    run: (mode) => {
      try {
        runMode(mode);
      } catch (error) {
        throw describeFailure(error);
      }
    },
    result: () => {
      if (!loss || !grad) throw new Error(`tfjs-${tf.getBackend()}: result() called before a full step`);
      return { loss: loss.dataSync()[0] ?? Number.NaN, grad: grad.dataSync() as Float32Array };
    },
    release,
    measureTensorPeak: async (step) => (await tf.profile(step)).peakBytes,
    dispose: () => {
      release();
      student.dispose();
      teacher.dispose();
    },
  };

  function runMode(mode: Mode): void {
    release();
    if (mode === 'forward') {
      loss = tf.tidy(() => tfjsJsdLoss(tf, student, teacher, jsdCase.beta));
      return;
    }
    if (mode === 'backward') {
      throw new Error('TF.js contender: tf.valueAndGrad has no separate backward step; time the full mode');
    }
    const output = lossAndGrad(student);
    loss = output.value;
    grad = output.grad;
  }
}
