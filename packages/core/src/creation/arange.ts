import { Tensor } from '../tensor.js';
import { allocateStorage, type CreationOptions } from './options.js';

/**
 * Creates a 1-D tensor of the values `0, 1, ..., end - 1`, like `torch.arange(end)`.
 *
 * @param end - Exclusive upper bound; the length is `max(0, ceil(end))`.
 * @param options - `dtype` (default `'float32'`) and `requiresGrad`.
 * @returns A new leaf tensor of shape `[length]`.
 * @throws Error when `end` is not a finite number.
 * @example
 * ```ts
 * import { arange } from 'fusegrad';
 *
 * console.log(arange(4).toArray()); // [ 0, 1, 2, 3 ]
 * console.log(arange(1, 2, 0.25, { dtype: 'float64' }).toArray()); // [ 1, 1.25, 1.5, 1.75 ]
 * ```
 */
export function arange(end: number, options?: CreationOptions): Tensor;
/**
 * Creates a 1-D tensor of `start, start + 1, ...` up to but excluding `end`.
 *
 * @param start - First value.
 * @param end - Exclusive upper bound; the length is `max(0, ceil(end - start))`.
 * @param options - `dtype` (default `'float32'`) and `requiresGrad`.
 * @returns A new leaf tensor of shape `[length]`.
 * @throws Error when an argument is not a finite number.
 */
export function arange(start: number, end: number, options?: CreationOptions): Tensor;
/**
 * Creates a 1-D tensor of evenly spaced values in `[start, end)`: element `i` is
 * `start + i * step`, and the length is `max(0, ceil((end - start) / step))`.
 *
 * @param start - First value.
 * @param end - Exclusive bound: an upper bound for a positive `step`, a lower one for a negative one.
 * @param step - Spacing between values; must not be 0.
 * @param options - `dtype` (default `'float32'`) and `requiresGrad`.
 * @returns A new leaf tensor of shape `[length]`.
 * @throws Error when an argument is not a finite number or `step` is 0.
 */
export function arange(start: number, end: number, step: number, options?: CreationOptions): Tensor;
export function arange(...args: (number | CreationOptions | undefined)[]): Tensor {
  const numbers = args.filter((arg): arg is number => typeof arg === 'number');
  const options = (args.find((arg) => typeof arg === 'object' && arg !== null) ?? {}) as CreationOptions;

  const [start, end, step] =
    numbers.length === 1 ? [0, numbers[0]!, 1] : [numbers[0]!, numbers[1]!, numbers[2] ?? 1];
  if (numbers.length === 0 || ![start, end, step].every(Number.isFinite)) {
    throw new Error(
      `arange: start, end and step must be finite numbers, got [${numbers.join(', ')}]; ` +
        'call arange(end), arange(start, end) or arange(start, end, step)',
    );
  }
  if (step === 0) throw new Error('arange: step must not be 0; pass a positive or negative step');

  const length = Math.max(0, Math.ceil((end - start) / step));
  const storage = allocateStorage('arange', options.dtype, length);
  for (let i = 0; i < length; i++) storage[i] = start + i * step;
  return new Tensor(storage, [length], { requiresGrad: options.requiresGrad ?? false });
}
