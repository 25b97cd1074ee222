import type { BaseHyperparameters, Optimizer } from './optimizer.js';

/** A learning-rate multiplier as a function of the scheduler's step count (0 before the first `step()`). */
export type LrLambda = (step: number) => number;

/** Saved state of a {@link LambdaLR} scheduler. */
export interface LrSchedulerState {
  /** Number of `step()` calls so far. */
  lastStep: number;
}

/**
 * Scheduler that sets each parameter group's learning rate to its initial value
 * times a factor of the step count, like PyTorch's `LambdaLR`.
 *
 * Construction records each group's initial `lr` as its base and applies the
 * factor for step 0. Each {@link LambdaLR.step} call then advances the count and
 * applies the factor again. Call it once per optimizer step, after `optimizer.step()`.
 *
 * @example
 * ```ts
 * import { LambdaLR, SGD, Linear } from 'fusegrad';
 *
 * const optimizer = new SGD(new Linear(2, 1).parameters(), { lr: 0.1 });
 * const scheduler = new LambdaLR(optimizer, (step) => 0.5 ** step);
 * scheduler.step();
 * console.log(scheduler.getLastLr()); // [0.05]
 * ```
 */
export class LambdaLR {
  /** Learning rate of each group when the scheduler was created. */
  readonly baseLrs: readonly number[];
  /** Number of `step()` calls so far. */
  lastStep = 0;

  readonly #optimizer: Optimizer<BaseHyperparameters>;
  readonly #lambdas: readonly LrLambda[];
  #lastLrs: number[] = [];

  /**
   * Creates the scheduler and applies the factor for step 0.
   *
   * @param optimizer - Optimizer whose groups' `lr` the scheduler sets.
   * @param lrLambda - One factor function for all groups, or one per group.
   * @throws Error when the number of functions differs from the number of groups,
   *   or a factor is negative or not finite.
   */
  constructor(optimizer: Optimizer<BaseHyperparameters>, lrLambda: LrLambda | readonly LrLambda[]) {
    const groupCount = optimizer.paramGroups.length;
    const lambdas = typeof lrLambda === 'function' ? new Array<LrLambda>(groupCount).fill(lrLambda) : [...lrLambda];
    if (lambdas.length !== groupCount) {
      throw new Error(
        `LambdaLR: got ${lambdas.length} lr functions for ${groupCount} parameter groups; pass one function or one per group`,
      );
    }
    this.#optimizer = optimizer;
    this.#lambdas = lambdas;
    this.baseLrs = Object.freeze(optimizer.paramGroups.map((group) => group.lr));
    this.#apply();
  }

  /** Advances the step count by one and sets each group's learning rate for the new count. */
  step(): void {
    this.lastStep++;
    this.#apply();
  }

  /**
   * Returns the learning rate that the last update set for each group.
   *
   * @returns One learning rate per parameter group, in group order.
   */
  getLastLr(): number[] {
    return [...this.#lastLrs];
  }

  /**
   * Returns the step count, for saving alongside a checkpoint.
   *
   * @returns `{ lastStep }`.
   */
  stateDict(): LrSchedulerState {
    return { lastStep: this.lastStep };
  }

  /**
   * Restores the step count saved by {@link LambdaLR.stateDict} and sets the learning rates for it.
   *
   * @param dict - `{ lastStep }`, a non-negative integer.
   * @throws Error when `lastStep` is not a non-negative integer.
   */
  loadStateDict(dict: LrSchedulerState): void {
    if (!Number.isInteger(dict.lastStep) || dict.lastStep < 0) {
      throw new Error(`LambdaLR.loadStateDict: lastStep is ${dict.lastStep}; expected a non-negative integer`);
    }
    this.lastStep = dict.lastStep;
    this.#apply();
  }

  #apply(): void {
    this.#lastLrs = this.#optimizer.paramGroups.map((group, g) => {
      const factor = this.#lambdas[g]!(this.lastStep);
      if (!Number.isFinite(factor) || factor < 0) {
        throw new Error(
          `${this.constructor.name}: lr factor at step ${this.lastStep} is ${factor}; the function must return a finite number >= 0`,
        );
      }
      group.lr = this.baseLrs[g]! * factor;
      return group.lr;
    });
  }
}
