/** Nonlinearities that {@link calculateGain} accepts, with PyTorch's names. */
export type Nonlinearity =
  | 'linear'
  | 'identity'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky_relu'
  | 'selu';

/**
 * Returns the recommended gain for a nonlinearity, as `torch.nn.init.calculate_gain`:
 * 1 for linear, identity and sigmoid; 5/3 for tanh; sqrt(2) for relu;
 * sqrt(2 / (1 + slope^2)) for leaky_relu; 3/4 for selu.
 *
 * @param nonlinearity - Name of the nonlinearity.
 * @param negativeSlope - Negative slope of leaky_relu. Default: 0.01. Ignored for the others.
 * @returns The gain, a positive number.
 * @throws Error when the nonlinearity is unknown or the slope is not finite.
 * @example
 * ```ts
 * import { calculateGain } from 'fusegrad';
 *
 * console.log(calculateGain('relu')); // 1.4142135623730951
 * ```
 */
export function calculateGain(nonlinearity: Nonlinearity, negativeSlope = 0.01): number {
  switch (nonlinearity) {
    case 'linear':
    case 'identity':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu':
      if (!Number.isFinite(negativeSlope)) {
        throw new Error(`calculateGain: negativeSlope is ${negativeSlope}; pass a finite number such as 0.01`);
      }
      return Math.sqrt(2 / (1 + negativeSlope * negativeSlope));
    case 'selu':
      return 3 / 4;
    default:
      throw new Error(
        `calculateGain: unknown nonlinearity "${String(nonlinearity)}"; ` +
          'expected linear, identity, sigmoid, tanh, relu, leaky_relu or selu',
      );
  }
}

/** Fan-in and fan-out of a weight shape. */
export interface Fans {
  /** Number of inputs that feed each output unit. */
  fanIn: number;
  /** Number of outputs that each input unit feeds. */
  fanOut: number;
}

/**
 * Computes the fan-in and fan-out of a weight shape, as PyTorch does: for shape
 * `[out, in, ...kernel]`, fanIn is `in * prod(kernel)` and fanOut is `out * prod(kernel)`.
 *
 * @param shape - Weight shape with at least 2 dimensions, such as a Linear weight `[out, in]`.
 * @returns `{ fanIn, fanOut }`.
 * @throws Error when the shape has fewer than 2 dimensions.
 * @example
 * ```ts
 * import { calculateFans } from 'fusegrad';
 *
 * console.log(calculateFans([10, 784])); // { fanIn: 784, fanOut: 10 }
 * ```
 */
export function calculateFans(shape: readonly number[]): Fans {
  return computeFans('calculateFans', shape);
}

/** Computes the fans like {@link calculateFans}, naming `call` in the error. */
export function computeFans(call: string, shape: readonly number[]): Fans {
  if (shape.length < 2) {
    throw new Error(
      `${call}: shape [${shape.join(', ')}] has ${shape.length} dimensions; fan in and fan out need at least 2`,
    );
  }
  let receptiveField = 1;
  for (let axis = 2; axis < shape.length; axis++) receptiveField *= shape[axis]!;
  return { fanIn: shape[1]! * receptiveField, fanOut: shape[0]! * receptiveField };
}
