import type { DType, Generator, Tensor } from '@fusegrad/core';

import { Module } from '../module/module.js';
import { GELU, ReLU, Sigmoid, Tanh } from './activations.js';
import { requireProbability } from './checks.js';
import { Dropout } from './dropout.js';
import { Linear } from './linear.js';
import { Sequential, type TensorModule } from './sequential.js';

/** Activation names that {@link MLP} accepts. */
export type ActivationName = 'relu' | 'tanh' | 'sigmoid' | 'gelu';

/** Options of {@link MLP}. */
export interface MLPOptions {
  /** Activation between layers: a name, or a function that returns a new module. Default: `'relu'`. */
  activation?: ActivationName | (() => TensorModule);
  /** Dropout probability after each hidden activation; 0 adds no Dropout layers. Default: 0. */
  dropout?: number;
  /** Whether the Linear layers have biases. Default: true. */
  bias?: boolean;
  /** Element type of the parameters. Default: `'float32'`. */
  dtype?: DType;
  /** Source of the initial values and dropout masks. Default: the generator that `manualSeed` reseeds. */
  generator?: Generator;
}

/**
 * Multilayer perceptron: Linear layers of the given sizes with an activation
 * (and optional Dropout) after every layer but the last, so the output is raw
 * logits. The layers live in a {@link Sequential} field `layers`, so parameter
 * names look like `layers.0.weight`.
 *
 * @example
 * ```ts
 * import { MLP, Generator, tensor } from 'fusegrad';
 *
 * const model = new MLP([784, 128, 10], { activation: 'gelu', dropout: 0.1, generator: new Generator(0) });
 * console.log(model.numParameters()); // 784 * 128 + 128 + 128 * 10 + 10 = 101770
 * ```
 */
export class MLP extends Module {
  /** The layers in application order. */
  readonly layers: Sequential;
  /** Sizes of the input, the hidden layers and the output. */
  readonly sizes: readonly number[];

  /**
   * Creates the network with freshly initialised Linear layers.
   *
   * @param sizes - Input size, hidden sizes and output size, at least two positive integers.
   * @param options - `activation`, `dropout`, `bias`, `dtype`, `generator` (see {@link MLPOptions}).
   * @throws Error when fewer than two sizes are given, a size is not a positive integer,
   *   the activation is unknown, or `dropout` is outside [0, 1].
   */
  constructor(sizes: readonly number[], options: MLPOptions = {}) {
    super();
    if (sizes.length < 2) {
      throw new Error(
        `MLP: sizes is [${sizes.join(', ')}]; pass at least an input and an output size, such as [784, 128, 10]`,
      );
    }
    const { activation = 'relu', dropout = 0, bias = true, dtype = 'float32', generator } = options;
    requireProbability('MLP', dropout);
    const createActivation = activationFactory(activation);

    const layers: TensorModule[] = [];
    for (let i = 0; i + 1 < sizes.length; i++) {
      layers.push(new Linear(sizes[i]!, sizes[i + 1]!, { bias, dtype, generator }));
      if (i + 2 === sizes.length) break;
      layers.push(createActivation());
      if (dropout > 0) layers.push(new Dropout(dropout, { generator }));
    }
    this.sizes = Object.freeze([...sizes]);
    this.layers = new Sequential(...layers);
  }

  /**
   * Applies the layers in order.
   *
   * @param input - Tensor of shape `[..., sizes[0]]`.
   * @returns Tensor of shape `[..., sizes[sizes.length - 1]]`.
   * @throws Error when the last dimension of `input` is not `sizes[0]`.
   */
  forward(input: Tensor): Tensor {
    return this.layers.call(input);
  }
}

function activationFactory(activation: ActivationName | (() => TensorModule)): () => TensorModule {
  if (typeof activation === 'function') return activation;
  switch (activation) {
    case 'relu':
      return () => new ReLU();
    case 'tanh':
      return () => new Tanh();
    case 'sigmoid':
      return () => new Sigmoid();
    case 'gelu':
      return () => new GELU();
    default:
      throw new Error(
        `MLP: unknown activation "${String(activation)}"; expected relu, tanh, sigmoid, gelu or a function returning a module`,
      );
  }
}
