import { Tensor } from '@fusegrad/core';

/**
 * A tensor that a {@link Module} registers as a trainable parameter when it is
 * assigned to one of the module's fields. It always requires a gradient.
 *
 * @example
 * ```ts
 * import { Parameter, zeros } from 'fusegrad';
 *
 * const bias = new Parameter(zeros([4]));
 * console.log(bias.requiresGrad); // true
 * ```
 */
export class Parameter extends Tensor {
  /**
   * Creates a parameter with a copy of `value`'s data, shape and dtype.
   *
   * @param value - Initial values; the parameter copies them, so `value` stays independent.
   * @throws Error when `value` was disposed.
   */
  constructor(value: Tensor) {
    super(value.data.slice(), value.shape, { requiresGrad: true });
  }
}

/**
 * Wraps a freshly initialised tensor as a parameter and disposes the tensor, so that a layer's
 * construction leaves only its parameters' bytes live in the memory accounting.
 *
 * @internal
 */
export function parameterFrom(initial: Tensor): Parameter {
  const parameter = new Parameter(initial);
  initial.dispose();
  return parameter;
}
