import { uniform, type DType, type Generator, type Tensor } from '@fusegrad/core';
import { add, matmul, transpose } from '@fusegrad/autograd';

import { kaimingUniform } from '../init/initializers.js';
import { Module } from '../module/module.js';
import { type Parameter, parameterFrom } from '../module/parameter.js';
import { requirePositiveInteger } from './checks.js';

/** Options of {@link Linear}. */
export interface LinearOptions {
  /** Whether the layer adds a learned bias. Default: true. */
  bias?: boolean;
  /** Element type of the parameters. Default: `'float32'`. */
  dtype?: DType;
  /** Source of the initial values. Default: the generator that `manualSeed` reseeds. */
  generator?: Generator;
}

/**
 * Fully connected layer `y = x W^T + b`, like PyTorch's `nn.Linear`.
 *
 * The weight has shape `[outFeatures, inFeatures]` and starts from Kaiming
 * uniform with `a = sqrt(5)`, which gives U(-1/sqrt(inFeatures), 1/sqrt(inFeatures));
 * the bias starts from the same distribution. Both match PyTorch's defaults.
 *
 * @example
 * ```ts
 * import { Linear, Generator, tensor } from 'fusegrad';
 *
 * const layer = new Linear(3, 2, { generator: new Generator(0) });
 * const y = layer.call(tensor([[1, 2, 3]]));
 * console.log(y.shape); // [1, 2]
 * ```
 */
export class Linear extends Module {
  /** Weight, shape `[outFeatures, inFeatures]`. */
  readonly weight: Parameter;
  /** Bias, shape `[outFeatures]`, or `null` when created with `bias: false`. */
  readonly bias: Parameter | null;
  /** Size of each input's last dimension. */
  readonly inFeatures: number;
  /** Size of each output's last dimension. */
  readonly outFeatures: number;

  /**
   * Creates the layer with freshly initialised parameters.
   *
   * @param inFeatures - Input features, a positive integer.
   * @param outFeatures - Output features, a positive integer.
   * @param options - `bias`, `dtype` and `generator` (see {@link LinearOptions}).
   * @throws Error when a feature count is not a positive integer.
   */
  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    requirePositiveInteger('Linear', 'inFeatures', inFeatures);
    requirePositiveInteger('Linear', 'outFeatures', outFeatures);
    const { bias = true, dtype = 'float32', generator } = options;

    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = parameterFrom(
      kaimingUniform([outFeatures, inFeatures], { a: Math.sqrt(5), dtype, generator }),
    );
    const bound = 1 / Math.sqrt(inFeatures);
    this.bias = bias ? parameterFrom(uniform([outFeatures], -bound, bound, { dtype, generator })) : null;
  }

  /**
   * Applies the layer to the last dimension of `input`.
   *
   * @param input - Tensor of shape `[..., inFeatures]`.
   * @returns Tensor of shape `[..., outFeatures]`.
   * @throws Error when the last dimension of `input` is not `inFeatures`.
   */
  forward(input: Tensor): Tensor {
    if (input.rank === 0 || input.shape[input.rank - 1] !== this.inFeatures) {
      throw new Error(
        `Linear.forward: input shape [${input.shape.join(', ')}] does not end in inFeatures ${this.inFeatures}; ` +
          `pass a tensor of shape [..., ${this.inFeatures}]`,
      );
    }
    const output = matmul(input, transpose(this.weight));
    return this.bias === null ? output : add(output, this.bias);
  }
}
