let gradEnabled = true;

/**
 * Reports whether operations record the graph that `backward()` needs.
 *
 * Recording is on by default. It is off inside {@link noGrad}, inside every `Function.forward`,
 * and while `backward()` runs without `createGraph`.
 *
 * @returns `true` when new operations record their inputs for backward.
 * @example
 * ```ts
 * import { isGradEnabled, noGrad } from 'fusegrad';
 *
 * console.log(isGradEnabled()); // true
 * console.log(noGrad(() => isGradEnabled())); // false
 * ```
 */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/**
 * Runs `fn` with graph recording turned off, like `torch.no_grad()`: results of operations inside
 * do not require gradients and keep no saved tensors.
 *
 * @param fn - Synchronous function to run. The previous mode is restored when it returns or throws.
 * @returns The value that `fn` returns.
 * @example
 * ```ts
 * import { noGrad, tensor } from 'fusegrad';
 *
 * const w = tensor([1, 2], { requiresGrad: true });
 * const y = noGrad(() => w.mul(2));
 * console.log(y.requiresGrad); // false
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/**
 * Runs `fn` with graph recording turned on, even inside {@link noGrad}, like `torch.enable_grad()`.
 *
 * @param fn - Synchronous function to run. The previous mode is restored when it returns or throws.
 * @returns The value that `fn` returns.
 * @example
 * ```ts
 * import { enableGrad, noGrad, tensor } from 'fusegrad';
 *
 * const w = tensor([1, 2], { requiresGrad: true });
 * const y = noGrad(() => enableGrad(() => w.mul(2)));
 * console.log(y.requiresGrad); // true
 * ```
 */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

/**
 * Runs `fn` with graph recording set to `enabled` and restores the previous mode afterwards.
 *
 * @internal
 */
export function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}
