import { closeScope, openScope, removeFromScopes } from './memory.js';
import { Tensor } from './tensor.js';

const kept = new WeakSet<Tensor>();

/**
 * Runs `fn` and then disposes every tensor created while it ran, except the tensors that `fn`
 * returns (directly, or inside arrays and plain objects) and those passed to {@link keep}.
 *
 * Scopes nest: the tensors that an inner `tidy` returns belong to the enclosing scope afterwards.
 * When `fn` throws, the tensors it created are disposed and the error propagates.
 *
 * @param fn - Synchronous function to run. An async function would return before its tensors exist.
 * @returns The value that `fn` returns.
 * @throws Error when `fn` returns a Promise, because the scope cannot wait for it.
 * @example
 * ```ts
 * import { tidy, tensor, kernels } from 'fusegrad';
 *
 * const x = tensor([1, 2, 3]);
 * const total = tidy(() => kernels.sum(kernels.mul(x, x), null));
 * console.log(total.item()); // 14
 * ```
 */
export function tidy<T>(fn: () => T): T {
  const scope = openScope();
  let result: T;
  try {
    result = fn();
  } catch (error) {
    closeScope(scope, []);
    disposeAll(scope, new Set());
    throw error;
  }

  if (result instanceof Promise) {
    closeScope(scope, []);
    throw new Error('tidy: fn returned a Promise; pass a synchronous function and await outside tidy');
  }

  const survivors = new Set<Tensor>();
  collectTensors(result, survivors, new Set());
  closeScope(scope, survivors);
  disposeAll(scope, survivors);
  return result;
}

/**
 * Marks a tensor so that no enclosing {@link tidy} disposes it. `dispose()` still works on it.
 *
 * @param tensor - Tensor to keep alive past the current tidy scopes.
 * @returns The same tensor, for chaining.
 * @example
 * ```ts
 * import { tidy, keep, ones, type Tensor } from 'fusegrad';
 *
 * let running: Tensor | undefined;
 * tidy(() => {
 *   running = keep(ones([2]));
 * });
 * console.log(running?.isDisposed); // false
 * ```
 */
export function keep<T extends Tensor>(tensor: T): T {
  kept.add(tensor);
  removeFromScopes(tensor);
  return tensor;
}

function disposeAll(scope: Set<Tensor>, survivors: Set<Tensor>): void {
  for (const created of [...scope]) {
    if (survivors.has(created) || kept.has(created)) continue;
    created.dispose();
  }
}

function collectTensors(value: unknown, found: Set<Tensor>, visited: Set<object>): void {
  if (value instanceof Tensor) {
    found.add(value);
    return;
  }
  if (value === null || typeof value !== 'object' || visited.has(value)) return;
  visited.add(value);

  if (Array.isArray(value)) {
    for (const element of value) collectTensors(element, found, visited);
    return;
  }
  if (value instanceof Map) {
    for (const element of value.values()) collectTensors(element, found, visited);
    return;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const element of Object.values(value)) collectTensors(element, found, visited);
  }
}
