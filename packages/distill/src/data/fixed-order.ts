/**
 * Returns the indices `0..count-1` in a fixed pseudo-random order that depends only on `count` and `salt`.
 *
 * Dataset splits use this order so that the held-out set is the same on every machine and for every `--seed`:
 * indices are sorted by a 32-bit integer hash (the MurmurHash3 finalizer) of `index` mixed with `salt`.
 *
 * @param count - Number of indices; a non-negative integer.
 * @param salt - Any 32-bit integer; a different salt gives an unrelated order.
 * @returns A permutation of `0..count-1`.
 * @throws Error when `count` is not a non-negative integer.
 * @example
 * ```ts
 * import { fixedOrder } from '@fusegrad/distill';
 *
 * const order = fixedOrder(5, 7); // a permutation of [0, 1, 2, 3, 4], the same on every run
 * console.log(order.length);
 * ```
 */
export function fixedOrder(count: number, salt: number): Int32Array {
  if (!Number.isInteger(count) || count < 0) {
    throw new Error(`fixedOrder: count is ${count}; pass a non-negative integer`);
  }

  const keys = new Uint32Array(count);
  for (let i = 0; i < count; i++) keys[i] = mix32(i ^ Math.imul(salt, 0x9e3779b9));

  const order = Int32Array.from({ length: count }, (_, i) => i);
  // Ties are practically absent but broken by index, so the order is total.
  order.sort((a, b) => keys[a]! - keys[b]! || a - b);
  return order;
}

function mix32(value: number): number {
  let z = value | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
