/** Throws an error naming the call and option when `value` is not a positive integer. */
export function requirePositiveInteger(call: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${call}: ${name} is ${value}; it must be a positive integer`);
  }
}

/** Throws an error naming the call when `p` is not a probability in [0, 1]. */
export function requireProbability(call: string, p: number): void {
  if (!(p >= 0 && p <= 1)) {
    throw new Error(`${call}: p is ${p}; it must be a probability in [0, 1]`);
  }
}
