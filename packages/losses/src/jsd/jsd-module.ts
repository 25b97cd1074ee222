import type { Tensor } from '@fusegrad/core';
import { Module } from '@fusegrad/nn';

import { checkOptionKeys, type Labels } from '../validation.js';
import { jsd } from './jsd.js';
import type { JsdOptions } from './jsd-function.js';

/** Options of the {@link JSD} module: those of {@link jsd} except the per-call `labels`. */
export type JsdModuleOptions = Omit<JsdOptions, 'labels'>;

const MODULE_OPTION_KEYS: Readonly<Record<keyof JsdModuleOptions, true>> = { beta: true, ignoreIndex: true, reduction: true };

/**
 * The fused Jensen-Shannon divergence as a module with fixed options; see {@link jsd} for the math,
 * the options and the backends.
 *
 * @example
 * ```ts
 * import { JSD, tensor } from 'fusegrad';
 *
 * const loss = new JSD({ beta: 0.5 });
 * const student = tensor([[Math.log(0.3), Math.log(0.7)]], { requiresGrad: true });
 * const teacher = tensor([[Math.log(0.6), Math.log(0.4)]]);
 * console.log(loss.call(student, teacher).item().toFixed(7)); // 0.0462008
 * ```
 */
export class JSD extends Module<[Tensor, Tensor, Labels?], Tensor> {
  /** The options every call uses. */
  readonly options: JsdModuleOptions;

  /**
   * @param options - `beta`, `ignoreIndex` and `reduction`, as for {@link jsd}
   * @throws Error when `options` has another key; `labels` goes to each call instead
   */
  constructor(options: JsdModuleOptions = {}) {
    super();
    checkOptionKeys('JSD', options, MODULE_OPTION_KEYS);
    this.options = { ...options };
  }

  /**
   * Computes {@link jsd} with this module's options.
   *
   * @param input - student log-probabilities `[rows, vocabSize]`
   * @param target - teacher log-probabilities, same shape
   * @param labels - optional integer label per row; rows equal to `ignoreIndex` are ignored
   * @returns the loss, as {@link jsd} returns it
   * @throws Error as {@link jsd} does
   */
  forward(input: Tensor, target: Tensor, labels?: Labels): Tensor {
    return jsd(input, target, labels === undefined ? this.options : { ...this.options, labels });
  }
}
