import { Adam, adamDefaults, type AdamOptions } from './adam.js';
import type { ParamsInput } from './optimizer.js';

/**
 * AdamW: Adam with decoupled weight decay, with the update rule of PyTorch's
 * `torch.optim.AdamW`. Before each Adam step without L2 penalty, the parameter is
 * multiplied by `1 - lr * weightDecay`, so the decay does not pass through the
 * moment estimates. The default `weightDecay` is 0.01.
 *
 * @example
 * ```ts
 * import { AdamW, Linear, tensor } from 'fusegrad';
 *
 * const layer = new Linear(2, 1);
 * const optimizer = new AdamW(layer.parameters(), { lr: 0.01, weightDecay: 0.1 });
 * layer.forward(tensor([[1, 2]])).sum().backward();
 * optimizer.step();
 * ```
 */
export class AdamW extends Adam {
  protected override readonly decoupled: boolean = true;

  /**
   * Creates an AdamW optimizer.
   *
   * @param params - Tensors to optimize, or parameter groups with their own options.
   * @param options - Hyperparameters (see {@link AdamOptions}); missing fields take the defaults.
   * @throws Error when there are no parameters or a hyperparameter is out of range.
   */
  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, { ...adamDefaults(0.01), ...options });
  }
}
