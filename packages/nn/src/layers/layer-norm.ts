import { ones, zeros, type DType, type Tensor } from '@fusegrad/core';
import { add, div, mean, mul, sqrt, sub } from '@fusegrad/autograd';

import { Module } from '../module/module.js';
import { type Parameter, parameterFrom } from '../module/parameter.js';
import { requirePositiveInteger } from './checks.js';

/** Options of {@link LayerNorm}. */
export interface LayerNormOptions {
  /** Value added to the variance before the square root. Default: 1e-5. */
  eps?: number;
  /** Whether the layer has a learned scale (and bias). Default: true. */
  elementwiseAffine?: boolean;
  /** Whether the affine transform has a bias; ignored without `elementwiseAffine`. Default: true. */
  bias?: boolean;
  /** Element type of the parameters. Default: `'float32'`. */
  dtype?: DType;
}

/**
 * Layer normalisation over the trailing dimensions, like PyTorch's `nn.LayerNorm`:
 * `y = (x - mean) / sqrt(var + eps) * weight + bias`, with the biased variance.
 * The weight starts at 1 and the bias at 0.
 *
 * @example
 * ```ts
 * import { LayerNorm, tensor } from 'fusegrad';
 *
 * const norm = new LayerNorm(4);
 * const y = norm.call(tensor([[1, 2, 3, 4]]));
 * console.log(y.shape); // [1, 4]
 * ```
 */
export class LayerNorm extends Module {
  /** Scale, shape `normalizedShape`, or `null` without `elementwiseAffine`. */
  readonly weight: Parameter | null;
  /** Shift, shape `normalizedShape`, or `null` without a bias. */
  readonly bias: Parameter | null;
  /** The trailing dimensions that are normalised together. */
  readonly normalizedShape: readonly number[];
  /** Value added to the variance before the square root. */
  readonly eps: number;

  /**
   * Creates the layer.
   *
   * @param normalizedShape - Size of the last dimension, or sizes of the last few dimensions.
   * @param options - `eps`, `elementwiseAffine`, `bias` and `dtype` (see {@link LayerNormOptions}).
   * @throws Error when a size is not a positive integer or `eps` is negative.
   */
  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (shape.length === 0) {
      throw new Error('LayerNorm: normalizedShape is empty; pass the size of the last dimension, such as 512');
    }
    for (const size of shape) requirePositiveInteger('LayerNorm', 'normalizedShape entry', size);
    const { eps = 1e-5, elementwiseAffine = true, bias = true, dtype = 'float32' } = options;
    if (!(eps >= 0)) {
      throw new Error(`LayerNorm: eps is ${eps}; it must be a number >= 0`);
    }

    this.normalizedShape = Object.freeze(shape);
    this.eps = eps;
    this.weight = elementwiseAffine ? parameterFrom(ones(shape, { dtype })) : null;
    this.bias = elementwiseAffine && bias ? parameterFrom(zeros(shape, { dtype })) : null;
  }

  /**
   * Normalises each slice over the trailing `normalizedShape` dimensions.
   *
   * @param input - Tensor of shape `[..., ...normalizedShape]`.
   * @returns Tensor of the same shape.
   * @throws Error when the trailing dimensions of `input` are not `normalizedShape`.
   */
  forward(input: Tensor): Tensor {
    const count = this.normalizedShape.length;
    const trailing = input.shape.slice(input.rank - count);
    if (input.rank < count || trailing.some((size, i) => size !== this.normalizedShape[i])) {
      throw new Error(
        `LayerNorm.forward: input shape [${input.shape.join(', ')}] does not end in normalizedShape ` +
          `[${this.normalizedShape.join(', ')}]; pass a tensor of shape [..., ${this.normalizedShape.join(', ')}]`,
      );
    }
    const axes = this.normalizedShape.map((_, i) => input.rank - count + i);

    const centered = sub(input, mean(input, axes, true));
    const variance = mean(mul(centered, centered), axes, true);
    const normalized = div(centered, sqrt(add(variance, this.eps)));

    const scaled = this.weight === null ? normalized : mul(normalized, this.weight);
    return this.bias === null ? scaled : add(scaled, this.bias);
  }
}
