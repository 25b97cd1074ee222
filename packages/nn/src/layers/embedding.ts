import { randn, type DType, type Generator, type Tensor } from '@fusegrad/core';
import { indexSelect, reshape } from '@fusegrad/autograd';

import { Module } from '../module/module.js';
import { type Parameter, parameterFrom } from '../module/parameter.js';
import { requirePositiveInteger } from './checks.js';

/** Options of {@link Embedding}. */
export interface EmbeddingOptions {
  /** Element type of the weight. Default: `'float32'`. */
  dtype?: DType;
  /** Source of the initial values. Default: the generator that `manualSeed` reseeds. */
  generator?: Generator;
}

/**
 * Lookup table of learned vectors, like PyTorch's `nn.Embedding`: row `i` of the
 * weight `[numEmbeddings, embeddingDim]` is the vector of index `i`. The weight
 * starts from N(0, 1), as in PyTorch.
 *
 * @example
 * ```ts
 * import { Embedding, tensor } from 'fusegrad';
 *
 * const embedding = new Embedding(100, 8);
 * const vectors = embedding.call(tensor([[3, 14, 15]]));
 * console.log(vectors.shape); // [1, 3, 8]
 * ```
 */
export class Embedding extends Module {
  /** Weight, shape `[numEmbeddings, embeddingDim]`. */
  readonly weight: Parameter;
  /** Number of rows of the table; valid indices are `0 .. numEmbeddings - 1`. */
  readonly numEmbeddings: number;
  /** Length of each vector. */
  readonly embeddingDim: number;

  /**
   * Creates the table with N(0, 1) values.
   *
   * @param numEmbeddings - Number of vectors, a positive integer.
   * @param embeddingDim - Length of each vector, a positive integer.
   * @param options - `dtype` and `generator` (see {@link EmbeddingOptions}).
   * @throws Error when a size is not a positive integer.
   */
  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingOptions = {}) {
    super();
    requirePositiveInteger('Embedding', 'numEmbeddings', numEmbeddings);
    requirePositiveInteger('Embedding', 'embeddingDim', embeddingDim);

    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.weight = parameterFrom(randn([numEmbeddings, embeddingDim], options));
  }

  /**
   * Looks up the vector of every index.
   *
   * @param indices - Tensor of any shape whose values are integers in `[0, numEmbeddings)`.
   * @returns Tensor of shape `[...indices.shape, embeddingDim]`.
   * @throws Error naming the first index that is not an integer in range.
   */
  forward(indices: Tensor): Tensor {
    const values = indices.data;
    for (let i = 0; i < values.length; i++) {
      const index = values[i]!;
      if (!Number.isInteger(index) || index < 0 || index >= this.numEmbeddings) {
        throw new Error(
          `Embedding.forward: index ${index} at flat position ${i} is not an integer in [0, ${this.numEmbeddings}); ` +
            'map tokens to ids below numEmbeddings',
        );
      }
    }

    const flatIndices = reshape(indices, [indices.size]);
    const rows = indexSelect(this.weight, flatIndices, 0);
    return reshape(rows, [...indices.shape, this.embeddingDim]);
  }
}
