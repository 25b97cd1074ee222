import { Dropout, Embedding, Generator, Linear, Module, ReLU, Sequential, reshape, tidy, type Tensor } from 'fusegrad';

/** Shape of a {@link Classifier}: optional word embedding, hidden widths and the number of classes. */
export interface ClassifierConfig {
  /** Length of each input row: pixels, or context words for a next-word model. */
  readonly inputSize: number;
  /** Hidden layer widths; each layer is Linear then ReLU. May be empty. */
  readonly hidden: readonly number[];
  /** Number of classes, or the vocabulary size for a next-word model. */
  readonly classCount: number;
  /** When set, inputs are word ids embedded into vectors of this length and concatenated. */
  readonly embeddingDim?: number;
  /** Number of rows of the embedding table (the vocabulary size); required with `embeddingDim`. */
  readonly vocabSize?: number;
  /** Dropout probability after each hidden ReLU in training mode (default 0: no Dropout layers). */
  readonly dropout?: number;
}

/**
 * A feed-forward classifier, split into `features` (everything before the last layer) and the linear `head`, so
 * that a fused loss can take the hidden states and the head's weight instead of the logits.
 *
 * With `embeddingDim` set, each input row contains `inputSize` word ids; their vectors are concatenated before the
 * hidden layers. Parameter names are `embedding.weight`, `hidden.0.weight`, ..., `head.weight`, `head.bias`.
 *
 * @example
 * ```ts
 * import { Generator, tensor } from 'fusegrad';
 * import { Classifier } from '@fusegrad/distill';
 *
 * const model = new Classifier({ inputSize: 784, hidden: [32], classCount: 10 }, new Generator(0));
 * const logits = model.call(tensor(new Float32Array(2 * 784), { shape: [2, 784] }));
 * console.log(logits.shape); // [2, 10]
 * ```
 */
export class Classifier extends Module {
  /** Word vectors, or null for real-valued inputs. */
  readonly embedding: Embedding | null;
  /** Hidden layers: Linear, ReLU and, with `dropout` set, Dropout. */
  readonly hidden: Sequential;
  /** Output layer mapping the last hidden width to `classCount` logits. */
  readonly head: Linear;
  /** The configuration the model was built from. */
  readonly config: ClassifierConfig;

  /**
   * Creates the model with initial values drawn from `generator`.
   *
   * @param config - Sizes; see {@link ClassifierConfig}.
   * @param generator - Source of the initial parameters.
   * @throws Error when a size is not a positive integer, or `embeddingDim` is given without `vocabSize`.
   */
  constructor(config: ClassifierConfig, generator: Generator) {
    super();
    this.config = config;

    // The layer initialisers leave temporary tensors that count as live memory until the garbage collector
    // reclaims them, at times that vary between runs. Disposing them here keeps the training memory peak of
    // one seed the same on every run.
    const layers = tidy(() => {
      const built = createLayers(config, generator);
      const parameters = [built.embedding, built.hidden, built.head].flatMap((layer) => layer?.parameters() ?? []);
      return { ...built, parameters };
    });
    this.embedding = layers.embedding;
    this.hidden = layers.hidden;
    this.head = layers.head;
  }

  /** Width of the hidden states that {@link Classifier.features} returns. */
  get featureSize(): number {
    return this.head.inFeatures;
  }

  /**
   * Computes the hidden states that feed the head.
   *
   * @param inputs - `[batch, inputSize]`: pixel values, or word ids when the model has an embedding.
   * @returns `[batch, featureSize]`.
   */
  features(inputs: Tensor): Tensor {
    let activations = inputs;
    if (this.embedding !== null) {
      const vectors = this.embedding.call(inputs);
      activations = reshape(vectors, [inputs.shape[0]!, this.config.inputSize * this.embedding.embeddingDim]);
    }
    return this.hidden.call(activations);
  }

  /**
   * Computes the logits.
   *
   * @param inputs - `[batch, inputSize]`.
   * @returns `[batch, classCount]` raw scores.
   */
  forward(inputs: Tensor): Tensor {
    return this.head.call(this.features(inputs));
  }

  /**
   * Describes the layer sizes, such as `784-256-256-10` or `emb 4000x32, 96-256-4000`.
   *
   * @returns A short architecture label.
   */
  describe(): string {
    const sizes = [this.config.embeddingDim === undefined ? this.config.inputSize : this.config.inputSize * this.config.embeddingDim];
    sizes.push(...this.config.hidden, this.config.classCount);
    const prefix = this.embedding ? `emb ${this.embedding.numEmbeddings}x${this.embedding.embeddingDim}, ` : '';
    return `${prefix}${sizes.join('-')}`;
  }
}

/** Creates the layers of a {@link Classifier}; the constructor documents the errors. */
function createLayers(config: ClassifierConfig, generator: Generator) {
  let width = config.inputSize;
  let embedding: Embedding | null = null;
  if (config.embeddingDim !== undefined) {
    if (config.vocabSize === undefined) {
      throw new Error('Classifier: embeddingDim is set but vocabSize is not; pass the vocabulary size too');
    }
    embedding = new Embedding(config.vocabSize, config.embeddingDim, { generator });
    width = config.inputSize * config.embeddingDim;
  }

  const layers = [];
  const dropout = config.dropout ?? 0;
  for (const size of config.hidden) {
    layers.push(new Linear(width, size, { generator }), new ReLU());
    if (dropout > 0) layers.push(new Dropout(dropout, { generator }));
    width = size;
  }
  const hidden = new Sequential(...layers);
  const head = new Linear(width, config.classCount, { generator });
  return { embedding, hidden, head };
}
