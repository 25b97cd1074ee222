import type { TypedArray } from '@fusegrad/core';

import { Optimizer, type ParamGroup, type ParamsInput } from './optimizer.js';
import { adamUpdate } from './update.js';

/** Hyperparameters of {@link Adam} and {@link AdamW}. */
export interface AdamOptions {
  /** Learning rate. Default: 0.001. */
  lr: number;
  /** Decay rates of the first and second moment estimates, each in [0, 1). Default: [0.9, 0.999]. */
  betas: [number, number];
  /** Term added to the denominator for numerical stability. Default: 1e-8. */
  eps: number;
  /**
   * Weight decay. Adam adds `weightDecay * param` to the gradient (L2 penalty);
   * AdamW multiplies the parameter by `1 - lr * weightDecay` before the update.
   * Default: 0 for Adam, 0.01 for AdamW.
   */
  weightDecay: number;
  /** Whether to use the maximum of past second moments (AMSGrad). Default: false. */
  amsgrad: boolean;
}

/**
 * Adam, with the update rule of PyTorch's `torch.optim.Adam` (single-tensor path):
 *
 * ```text
 * t = t + 1
 * g = grad + weightDecay * param
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g^2
 * vMax = max(vMax, v)                              (amsgrad only; used in place of v)
 * param = param - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * ```
 *
 * @example
 * ```ts
 * import { Adam, Linear, tensor } from 'fusegrad';
 *
 * const layer = new Linear(2, 1);
 * const optimizer = new Adam(layer.parameters(), { lr: 0.01 });
 * layer.forward(tensor([[1, 2]])).sum().backward();
 * optimizer.step();
 * ```
 */
export class Adam extends Optimizer<AdamOptions> {
  /** Whether weight decay is decoupled from the gradient (true for {@link AdamW}). */
  protected readonly decoupled: boolean = false;

  /**
   * Creates an Adam optimizer.
   *
   * @param params - Tensors to optimize, or parameter groups with their own options.
   * @param options - Hyperparameters (see {@link AdamOptions}); missing fields take the defaults.
   * @throws Error when there are no parameters or a hyperparameter is out of range.
   */
  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(new.target.name, params, { ...adamDefaults(0), ...options });
  }

  /**
   * Updates every parameter with a gradient in place and advances its step count.
   * Parameters whose `.grad` is `null` are skipped and keep their step count.
   *
   * @throws Error when a gradient's shape differs from its parameter's.
   */
  step(): void {
    for (const group of this.paramGroups) {
      for (const param of group.params) {
        const grad = this.gradientOf(param);
        if (grad === null) continue;

        let paramState = this.state.get(param);
        if (paramState === undefined) {
          paramState = { step: 0, expAvg: this.zerosLikeParam(param), expAvgSq: this.zerosLikeParam(param) };
          this.state.set(param, paramState);
        }
        if (group.amsgrad && paramState.maxExpAvgSq === undefined) {
          paramState.maxExpAvgSq = this.zerosLikeParam(param);
        }
        const step = (paramState.step as number) + 1;
        paramState.step = step;

        adamUpdate(
          param.data,
          grad,
          paramState.expAvg as TypedArray,
          paramState.expAvgSq as TypedArray,
          group.amsgrad ? (paramState.maxExpAvgSq as TypedArray) : null,
          {
            lr: group.lr,
            beta1: group.betas[0],
            beta2: group.betas[1],
            eps: group.eps,
            weightDecay: this.decoupled ? 0 : group.weightDecay,
            decoupledWeightDecay: this.decoupled ? group.weightDecay : 0,
            amsgrad: group.amsgrad,
            step,
          },
        );
      }
    }
  }

  protected validateGroup(group: ParamGroup<AdamOptions>): void {
    this.requireRange('lr', group.lr, group.lr >= 0, '>= 0');
    this.requireRange('eps', group.eps, group.eps >= 0, '>= 0');
    this.requireRange('weightDecay', group.weightDecay, group.weightDecay >= 0, '>= 0');
    if (!Array.isArray(group.betas) || group.betas.length !== 2) {
      throw new Error(`${this.constructor.name}: betas is ${JSON.stringify(group.betas)}; pass two numbers such as [0.9, 0.999]`);
    }
    this.requireRange('betas[0]', group.betas[0], group.betas[0] >= 0 && group.betas[0] < 1, 'in [0, 1)');
    this.requireRange('betas[1]', group.betas[1], group.betas[1] >= 0 && group.betas[1] < 1, 'in [0, 1)');
  }
}

/** Returns Adam's default hyperparameters with the given weight decay. */
export function adamDefaults(weightDecay: number): AdamOptions {
  return { lr: 0.001, betas: [0.9, 0.999], eps: 1e-8, weightDecay, amsgrad: false };
}
