import { getDefaultGenerator, Tensor, type Generator } from '@fusegrad/core';
import { mul } from '@fusegrad/autograd';

import { Module } from '../module/module.js';
import { requireProbability } from './checks.js';

/** Options of {@link Dropout}. */
export interface DropoutOptions {
  /** Source of the masks. Default: the generator that `manualSeed` reseeds, read at each call. */
  generator?: Generator;
}

/**
 * Dropout, like PyTorch's `nn.Dropout`: in training mode each element is zeroed
 * with probability `p` and the others are scaled by `1 / (1 - p)`, so the
 * expected value is unchanged. In evaluation mode it returns its input.
 *
 * @example
 * ```ts
 * import { Dropout, Generator, ones } from 'fusegrad';
 *
 * const dropout = new Dropout(0.5, { generator: new Generator(7) });
 * console.log(dropout.call(ones([8])).toArray()); // each element 0 or 2
 * dropout.eval();
 * console.log(dropout.call(ones([2])).toArray()); // [1, 1]
 * ```
 */
export class Dropout extends Module {
  /** Probability of zeroing an element. */
  readonly p: number;

  readonly #generator: Generator | undefined;

  /**
   * Creates the layer.
   *
   * @param p - Probability of zeroing each element, in [0, 1]. Default: 0.5.
   * @param options - `generator` (see {@link DropoutOptions}).
   * @throws Error when `p` is outside [0, 1].
   */
  constructor(p = 0.5, options: DropoutOptions = {}) {
    super();
    requireProbability('Dropout', p);
    this.p = p;
    this.#generator = options.generator;
  }

  /**
   * Applies dropout in training mode, or returns `input` itself in evaluation mode or when `p` is 0.
   *
   * @param input - Tensor of any shape.
   * @returns Tensor of the same shape and dtype.
   */
  forward(input: Tensor): Tensor {
    if (!this.training || this.p === 0) return input;

    // p = 1 zeroes everything, as PyTorch does, instead of scaling by 1 / 0.
    const keptScale = this.p === 1 ? 0 : 1 / (1 - this.p);
    const generator = this.#generator ?? getDefaultGenerator();
    const mask = input.dtype === 'float64' ? new Float64Array(input.size) : new Float32Array(input.size);
    for (let i = 0; i < mask.length; i++) mask[i] = generator.nextFloat() < this.p ? 0 : keptScale;

    return mul(input, new Tensor(mask, input.shape));
  }
}
