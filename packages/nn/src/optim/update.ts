import type { TypedArray } from '@fusegrad/core';

// Update rules on raw storage. Each writes `param` (and its state buffers) in place and
// computes in float64 before storing, one element at a time, in the order PyTorch's
// single-tensor (non-foreach) implementations apply the operations.

/** Hyperparameters of one SGD step. */
export interface SgdHyperparameters {
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
}

/**
 * Applies one SGD step to `param`.
 *
 * @param momentumBuffer - The momentum buffer, or `null` when momentum is 0.
 * @param firstStep - Whether the buffer is fresh: PyTorch then sets it to the
 *   gradient instead of decaying it, so dampening does not apply to the first step.
 */
export function sgdUpdate(
  param: TypedArray,
  grad: TypedArray,
  momentumBuffer: TypedArray | null,
  firstStep: boolean,
  hyper: SgdHyperparameters,
): void {
  const { lr, momentum, dampening, nesterov, weightDecay } = hyper;
  for (let i = 0; i < param.length; i++) {
    let direction = grad[i]! + weightDecay * param[i]!;

    if (momentumBuffer !== null) {
      const buffer = firstStep ? direction : momentum * momentumBuffer[i]! + (1 - dampening) * direction;
      momentumBuffer[i] = buffer;
      // Read back so a float32 buffer rounds exactly as PyTorch's stored buffer does.
      direction = nesterov ? direction + momentum * momentumBuffer[i]! : momentumBuffer[i]!;
    }

    param[i] = param[i]! - lr * direction;
  }
}

/** Hyperparameters of one Adam or AdamW step. */
export interface AdamHyperparameters {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** L2 penalty added to the gradient (Adam). */
  weightDecay: number;
  /** Decoupled decay: `param *= 1 - lr * decoupledWeightDecay` before the update (AdamW). */
  decoupledWeightDecay: number;
  amsgrad: boolean;
  /** Step count after this step, starting at 1. */
  step: number;
}

/** Applies one Adam step (AdamW when `decoupledWeightDecay` is non-zero) to `param`. */
export function adamUpdate(
  param: TypedArray,
  grad: TypedArray,
  expAvg: TypedArray,
  expAvgSq: TypedArray,
  maxExpAvgSq: TypedArray | null,
  hyper: AdamHyperparameters,
): void {
  const { lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay, amsgrad, step } = hyper;
  const biasCorrection1 = 1 - beta1 ** step;
  const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
  const stepSize = lr / biasCorrection1;
  const decayFactor = 1 - lr * decoupledWeightDecay;

  for (let i = 0; i < param.length; i++) {
    if (decoupledWeightDecay !== 0) param[i] = param[i]! * decayFactor;
    const g = grad[i]! + weightDecay * param[i]!;

    expAvg[i] = expAvg[i]! + (g - expAvg[i]!) * (1 - beta1);
    expAvgSq[i] = expAvgSq[i]! * beta2 + (1 - beta2) * g * g;

    let secondMoment = expAvgSq[i]!;
    if (amsgrad) {
      maxExpAvgSq![i] = Math.max(maxExpAvgSq![i]!, expAvgSq[i]!);
      secondMoment = maxExpAvgSq![i]!;
    }
    const denominator = Math.sqrt(secondMoment) / biasCorrection2Sqrt + eps;

    param[i] = param[i]! - stepSize * (expAvg[i]! / denominator);
  }
}
