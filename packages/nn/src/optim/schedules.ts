import { LambdaLR } from './lr-scheduler.js';
import type { BaseHyperparameters, Optimizer } from './optimizer.js';

/** Options of {@link LinearWarmupLR}. */
export interface LinearWarmupOptions {
  /** Steps over which the factor rises linearly from 0 to 1; a positive integer. */
  warmupSteps: number;
}

/** Options of {@link CosineDecayLR}. */
export interface CosineDecayOptions {
  /** Step at which the factor reaches `minFactor`; a positive integer. It stays there afterwards. */
  totalSteps: number;
  /** Final factor, in [0, 1]. Default: 0. */
  minFactor?: number;
}

/** Options of {@link WarmupCosineLR}. */
export interface WarmupCosineOptions {
  /** Steps of linear warmup from 0 to 1; a non-negative integer below `totalSteps`. */
  warmupSteps: number;
  /** Step at which the cosine decay reaches `minFactor`; a positive integer. */
  totalSteps: number;
  /** Final factor, in [0, 1]. Default: 0. */
  minFactor?: number;
}

/**
 * Returns the linear-warmup factor: `step / warmupSteps` until `warmupSteps`, then 1.
 *
 * @param options - `warmupSteps`, a positive integer.
 * @returns A function from step count to learning-rate factor.
 * @throws Error when `warmupSteps` is not a positive integer.
 * @example
 * ```ts
 * import { linearWarmupFactor } from 'fusegrad';
 *
 * const factor = linearWarmupFactor({ warmupSteps: 4 });
 * console.log(factor(0), factor(2), factor(10)); // 0 0.5 1
 * ```
 */
export function linearWarmupFactor(options: LinearWarmupOptions): (step: number) => number {
  const { warmupSteps } = options;
  requireInteger('linearWarmupFactor', 'warmupSteps', warmupSteps, 1);
  return (step) => Math.min(1, step / warmupSteps);
}

/**
 * Returns the cosine-decay factor of PyTorch's `CosineAnnealingLR` in closed form:
 * `minFactor + (1 - minFactor) * (1 + cos(pi * min(step, totalSteps) / totalSteps)) / 2`.
 *
 * @param options - `totalSteps` (positive integer) and `minFactor` (default 0).
 * @returns A function from step count to learning-rate factor, 1 at step 0.
 * @throws Error when `totalSteps` is not a positive integer or `minFactor` is outside [0, 1].
 * @example
 * ```ts
 * import { cosineDecayFactor } from 'fusegrad';
 *
 * const factor = cosineDecayFactor({ totalSteps: 10 });
 * console.log(factor(0), factor(5), factor(10)); // 1 0.5 0
 * ```
 */
export function cosineDecayFactor(options: CosineDecayOptions): (step: number) => number {
  const { totalSteps, minFactor = 0 } = options;
  requireInteger('cosineDecayFactor', 'totalSteps', totalSteps, 1);
  requireFactor('cosineDecayFactor', minFactor);
  return (step) => minFactor + ((1 - minFactor) * (1 + Math.cos((Math.PI * Math.min(step, totalSteps)) / totalSteps))) / 2;
}

/**
 * Returns the factor of linear warmup followed by cosine decay, as in Hugging Face's
 * `get_cosine_schedule_with_warmup` with an optional floor: `step / warmupSteps`
 * during warmup, then the cosine from 1 down to `minFactor` at `totalSteps`.
 *
 * @param options - `warmupSteps`, `totalSteps` and `minFactor` (see {@link WarmupCosineOptions}).
 * @returns A function from step count to learning-rate factor.
 * @throws Error when the step counts are not integers with `0 <= warmupSteps < totalSteps`,
 *   or `minFactor` is outside [0, 1].
 * @example
 * ```ts
 * import { warmupCosineFactor } from 'fusegrad';
 *
 * const factor = warmupCosineFactor({ warmupSteps: 2, totalSteps: 6 });
 * console.log(factor(1), factor(2), factor(4), factor(6)); // 0.5 1 0.5 0
 * ```
 */
export function warmupCosineFactor(options: WarmupCosineOptions): (step: number) => number {
  const { warmupSteps, totalSteps, minFactor = 0 } = options;
  requireInteger('warmupCosineFactor', 'warmupSteps', warmupSteps, 0);
  requireInteger('warmupCosineFactor', 'totalSteps', totalSteps, warmupSteps + 1);
  requireFactor('warmupCosineFactor', minFactor);
  const decaySteps = totalSteps - warmupSteps;
  return (step) => {
    if (step < warmupSteps) return step / warmupSteps;
    const progress = Math.min(1, (step - warmupSteps) / decaySteps);
    return minFactor + ((1 - minFactor) * (1 + Math.cos(Math.PI * progress))) / 2;
  };
}

/**
 * Scheduler for linear warmup: the learning rate rises from 0 to each group's
 * initial value over `warmupSteps` calls to `step()`, then stays there.
 *
 * @example
 * ```ts
 * import { LinearWarmupLR, AdamW, Linear } from 'fusegrad';
 *
 * const optimizer = new AdamW(new Linear(2, 1).parameters(), { lr: 0.01 });
 * const scheduler = new LinearWarmupLR(optimizer, { warmupSteps: 100 });
 * console.log(scheduler.getLastLr()); // [0]
 * ```
 */
export class LinearWarmupLR extends LambdaLR {
  /**
   * @param optimizer - Optimizer whose groups' `lr` the scheduler sets.
   * @param options - `warmupSteps`, a positive integer.
   * @throws Error when `warmupSteps` is not a positive integer.
   */
  constructor(optimizer: Optimizer<BaseHyperparameters>, options: LinearWarmupOptions) {
    super(optimizer, linearWarmupFactor(options));
  }
}

/**
 * Scheduler for cosine decay from each group's initial learning rate down to
 * `minFactor` times it over `totalSteps` calls to `step()`.
 *
 * @example
 * ```ts
 * import { CosineDecayLR, SGD, Linear } from 'fusegrad';
 *
 * const optimizer = new SGD(new Linear(2, 1).parameters(), { lr: 0.1 });
 * const scheduler = new CosineDecayLR(optimizer, { totalSteps: 1000, minFactor: 0.01 });
 * scheduler.step();
 * ```
 */
export class CosineDecayLR extends LambdaLR {
  /**
   * @param optimizer - Optimizer whose groups' `lr` the scheduler sets.
   * @param options - `totalSteps` and `minFactor` (see {@link CosineDecayOptions}).
   * @throws Error when `totalSteps` is not a positive integer or `minFactor` is outside [0, 1].
   */
  constructor(optimizer: Optimizer<BaseHyperparameters>, options: CosineDecayOptions) {
    super(optimizer, cosineDecayFactor(options));
  }
}

/**
 * Scheduler for linear warmup followed by cosine decay (see {@link warmupCosineFactor}).
 *
 * @example
 * ```ts
 * import { WarmupCosineLR, AdamW, Linear } from 'fusegrad';
 *
 * const optimizer = new AdamW(new Linear(2, 1).parameters(), { lr: 0.001 });
 * const scheduler = new WarmupCosineLR(optimizer, { warmupSteps: 50, totalSteps: 1000 });
 * for (let step = 0; step < 3; step++) {
 *   optimizer.step();
 *   scheduler.step();
 * }
 * ```
 */
export class WarmupCosineLR extends LambdaLR {
  /**
   * @param optimizer - Optimizer whose groups' `lr` the scheduler sets.
   * @param options - `warmupSteps`, `totalSteps` and `minFactor` (see {@link WarmupCosineOptions}).
   * @throws Error when the options are invalid (see {@link warmupCosineFactor}).
   */
  constructor(optimizer: Optimizer<BaseHyperparameters>, options: WarmupCosineOptions) {
    super(optimizer, warmupCosineFactor(options));
  }
}

function requireInteger(call: string, name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new Error(`${call}: ${name} is ${value}; it must be an integer >= ${minimum}`);
  }
}

function requireFactor(call: string, minFactor: number): void {
  if (!(minFactor >= 0 && minFactor <= 1)) {
    throw new Error(`${call}: minFactor is ${minFactor}; it must be in [0, 1]`);
  }
}
