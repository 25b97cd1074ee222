import type { TypedArray } from '@fusegrad/core';

import { Optimizer, type ParamGroup, type ParamsInput } from './optimizer.js';
import { sgdUpdate } from './update.js';

/** Hyperparameters of {@link SGD}. */
export interface SGDOptions {
  /** Learning rate. Default: 0.001, as in PyTorch 2. */
  lr: number;
  /** Momentum factor in [0, 1). Default: 0 (no momentum buffer). */
  momentum: number;
  /** Dampening of the gradient's share in the momentum buffer. Default: 0. */
  dampening: number;
  /** Whether to use Nesterov momentum; needs `momentum > 0` and `dampening = 0`. Default: false. */
  nesterov: boolean;
  /** L2 penalty added to the gradient: `grad + weightDecay * param`. Default: 0. */
  weightDecay: number;
}

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and L2
 * weight decay, with the update rule of PyTorch's `torch.optim.SGD`:
 *
 * ```text
 * g = grad + weightDecay * param
 * buf = g on the first step, else momentum * buf + (1 - dampening) * g
 * g = nesterov ? g + momentum * buf : buf        (when momentum != 0)
 * param = param - lr * g
 * ```
 *
 * @example
 * ```ts
 * import { SGD, Linear, tensor } from 'fusegrad';
 *
 * const layer = new Linear(2, 1);
 * const optimizer = new SGD(layer.parameters(), { lr: 0.1, momentum: 0.9 });
 * const loss = layer.forward(tensor([[1, 2]])).sum();
 * loss.backward();
 * optimizer.step();
 * optimizer.zeroGrad();
 * ```
 */
export class SGD extends Optimizer<SGDOptions> {
  /**
   * Creates an SGD optimizer.
   *
   * @param params - Tensors to optimize, or parameter groups with their own options.
   * @param options - Hyperparameters (see {@link SGDOptions}); missing fields take the defaults.
   * @throws Error when there are no parameters, a hyperparameter is negative or not
   *   finite, or Nesterov is requested without momentum or with dampening.
   */
  constructor(params: ParamsInput<SGDOptions>, options: Partial<SGDOptions> = {}) {
    super('SGD', params, { lr: 0.001, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, ...options });
  }

  /**
   * Updates every parameter with a gradient in place. Parameters whose `.grad`
   * is `null` are skipped.
   *
   * @throws Error when a gradient's shape differs from its parameter's.
   */
  step(): void {
    for (const group of this.paramGroups) {
      for (const param of group.params) {
        const grad = this.gradientOf(param);
        if (grad === null) continue;

        const paramState = this.state.get(param) ?? {};
        this.state.set(param, paramState);

        // PyTorch starts the buffer as a copy of the first direction, so a fresh buffer marks the first step.
        let buffer: TypedArray | null = null;
        let firstStep = false;
        if (group.momentum !== 0) {
          firstStep = paramState.momentumBuffer === undefined;
          if (firstStep) paramState.momentumBuffer = this.zerosLikeParam(param);
          buffer = paramState.momentumBuffer as TypedArray;
        }

        sgdUpdate(param.data, grad, buffer, firstStep, group);
      }
    }
  }

  protected validateGroup(group: ParamGroup<SGDOptions>): void {
    this.requireRange('lr', group.lr, group.lr >= 0, '>= 0');
    this.requireRange('momentum', group.momentum, group.momentum >= 0, '>= 0');
    this.requireRange('dampening', group.dampening, group.dampening >= 0, '>= 0');
    this.requireRange('weightDecay', group.weightDecay, group.weightDecay >= 0, '>= 0');
    if (group.nesterov && (group.momentum <= 0 || group.dampening !== 0)) {
      throw new Error(
        `SGD: nesterov needs momentum > 0 and dampening = 0, got momentum ${group.momentum} and ` +
          `dampening ${group.dampening}; set momentum (for example 0.9) and dampening 0`,
      );
    }
  }
}
