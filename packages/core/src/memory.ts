import type { Tensor } from './tensor.js';

/** Snapshot of tensor storage accounting, in bytes of typed-array storage. */
export interface MemoryInfo {
  /** Bytes held by tensors that are neither disposed nor garbage collected. */
  liveBytes: number;
  /** Highest `liveBytes` seen since the process started or since the last {@link resetPeakMemory}. */
  peakBytes: number;
  /** Number of tensors that are neither disposed nor garbage collected. */
  liveTensors: number;
  /** Total bytes of every tensor allocated since the process started. */
  allocatedBytes: number;
}

const counters = { liveBytes: 0, peakBytes: 0, liveTensors: 0, allocatedBytes: 0 };

// The held value is the byte count alone, so the registry never keeps the tensor alive.
// dispose() unregisters the tensor, so a storage block is released at most once.
const collected = new FinalizationRegistry<number>((byteLength) => {
  counters.liveBytes -= byteLength;
  counters.liveTensors -= 1;
});

// Each open tidy() scope lists the tensors created while it runs.
const scopes: Set<Tensor>[] = [];

/**
 * Counts a new tensor's storage as live. Called once by the `Tensor` constructor.
 *
 * @internal
 */
export function recordAllocation(owner: Tensor, byteLength: number): void {
  counters.liveBytes += byteLength;
  counters.liveTensors += 1;
  counters.allocatedBytes += byteLength;
  if (counters.liveBytes > counters.peakBytes) counters.peakBytes = counters.liveBytes;

  collected.register(owner, byteLength, owner);
  scopes[scopes.length - 1]?.add(owner);
}

/**
 * Counts a disposed tensor's storage as released. Called once by `Tensor.dispose()`.
 *
 * @internal
 */
export function recordRelease(owner: Tensor, byteLength: number): void {
  collected.unregister(owner);
  counters.liveBytes -= byteLength;
  counters.liveTensors -= 1;
  for (const scope of scopes) scope.delete(owner);
}

/**
 * Opens a tidy scope and returns it; tensors created until {@link closeScope} are added to it.
 *
 * @internal
 */
export function openScope(): Set<Tensor> {
  const scope = new Set<Tensor>();
  scopes.push(scope);
  return scope;
}

/**
 * Closes the innermost tidy scope and moves those `survivors` that it created into the enclosing
 * scope. Tensors created before the scope opened stay where they were.
 *
 * @internal
 */
export function closeScope(scope: Set<Tensor>, survivors: Iterable<Tensor>): void {
  const index = scopes.lastIndexOf(scope);
  if (index >= 0) scopes.splice(index, 1);
  const parent = scopes[scopes.length - 1];
  if (parent === undefined) return;
  for (const survivor of survivors) {
    if (scope.has(survivor) && !survivor.isDisposed) parent.add(survivor);
  }
}

/**
 * Removes a tensor from every open tidy scope, so no scope disposes it.
 *
 * @internal
 */
export function removeFromScopes(owner: Tensor): void {
  for (const scope of scopes) scope.delete(owner);
}

/**
 * Returns a snapshot of tensor storage accounting, like `torch.cuda.memory_allocated` and
 * `torch.cuda.max_memory_allocated` for the typed arrays behind tensors.
 *
 * A tensor's bytes are live from its construction until `dispose()` or until the garbage collector
 * reclaims it. Garbage collection is reported a task after it happens, so call `dispose()` (or use
 * {@link tidy}) where exact numbers matter.
 *
 * @returns A fresh `MemoryInfo` object; later allocations do not change it.
 * @example
 * ```ts
 * import { memory, zeros } from 'fusegrad';
 *
 * const before = memory().liveBytes;
 * const x = zeros([256]);
 * console.log(memory().liveBytes - before); // 1024
 * x.dispose();
 * ```
 */
export function memory(): MemoryInfo {
  return { ...counters };
}

/**
 * Sets the peak to the current live bytes, so the next {@link memory} call reports the peak of
 * what follows.
 *
 * @returns Nothing.
 * @example
 * ```ts
 * import { memory, resetPeakMemory, ones } from 'fusegrad';
 *
 * resetPeakMemory();
 * const x = ones([1000]);
 * x.dispose();
 * console.log(memory().peakBytes >= 4000); // true
 * ```
 */
export function resetPeakMemory(): void {
  counters.peakBytes = counters.liveBytes;
}
