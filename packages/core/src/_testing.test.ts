// Assertions shared by this package's tests. AVA skips files whose name starts with an underscore.
import type { ExecutionContext } from 'ava';

import type { NestedArray, Tensor } from './index.js';

/** Flattens nested arrays in row-major order. */
export function flatten(values: NestedArray): number[] {
  if (typeof values === 'number') return [values];
  return values.flatMap((value) => flatten(value));
}

/**
 * Asserts the tensor's shape and that every element is within `atol + rtol * |expected|` of
 * `expected`; non-finite expected values must match exactly.
 */
export function assertTensorClose(
  t: ExecutionContext,
  actual: Tensor,
  expected: NestedArray,
  { atol = 1e-6, rtol = 1e-6, shape }: { atol?: number; rtol?: number; shape?: readonly number[] } = {},
): void {
  if (shape !== undefined) t.deepEqual(actual.shape, shape, 'shape');
  const expectedValues = flatten(expected);
  const actualValues = Array.from(actual.data);
  t.is(actualValues.length, expectedValues.length, 'element count');
  for (let i = 0; i < expectedValues.length; i++) {
    const want = expectedValues[i]!;
    const got = actualValues[i]!;
    if (!Number.isFinite(want)) {
      t.is(got, want, `element ${i}`);
      continue;
    }
    const ok = Math.abs(got - want) <= atol + rtol * Math.abs(want);
    t.true(ok, `element ${i}: got ${got}, expected ${want}`);
  }
}
