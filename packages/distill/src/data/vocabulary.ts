/** Token that marks a sentence boundary: it pads the context before the first word and is the target after the last. */
export const BOUNDARY_TOKEN = '<s>';
/** Token that stands for every word outside the vocabulary. */
export const UNKNOWN_TOKEN = '<unk>';

/** A word list with its reverse index; ids 0 and 1 are {@link BOUNDARY_TOKEN} and {@link UNKNOWN_TOKEN}. */
export interface Vocabulary {
  /** The words by id. */
  readonly words: readonly string[];
  /** Map from a word to its id. */
  readonly ids: ReadonlyMap<string, number>;
  /** Id of {@link BOUNDARY_TOKEN}. */
  readonly boundaryId: number;
  /** Id of {@link UNKNOWN_TOKEN}. */
  readonly unknownId: number;
}

/**
 * Builds a vocabulary of the most frequent words, plus the boundary and unknown tokens.
 *
 * Words are ranked by count, ties broken by code-point order, so the same sentences always give the same ids.
 *
 * @param sentences - Sentences of words; not modified.
 * @param size - Total number of entries including the two special tokens; an integer of at least 3.
 * @returns The vocabulary; it has fewer than `size` entries when the sentences have fewer distinct words.
 * @throws Error when `size` is not an integer of at least 3.
 * @example
 * ```ts
 * import { buildVocabulary } from '@fusegrad/distill';
 *
 * const vocabulary = buildVocabulary([['the', 'cat'], ['the', 'dog']], 3);
 * console.log(vocabulary.words); // ['<s>', '<unk>', 'the']
 * ```
 */
export function buildVocabulary(sentences: readonly (readonly string[])[], size: number): Vocabulary {
  if (!Number.isInteger(size) || size < 3) {
    throw new Error(`buildVocabulary: size is ${size}; pass an integer of at least 3 (two special tokens and a word)`);
  }

  const counts = new Map<string, number>();
  for (const sentence of sentences) {
    for (const word of sentence) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  counts.delete(BOUNDARY_TOKEN);
  counts.delete(UNKNOWN_TOKEN);

  const ranked = [...counts.entries()]
    .sort(([wordA, countA], [wordB, countB]) => countB - countA || compareCodePoints(wordA, wordB))
    .slice(0, size - 2)
    .map(([word]) => word);
  const words = [BOUNDARY_TOKEN, UNKNOWN_TOKEN, ...ranked];
  return {
    words,
    ids: new Map(words.map((word, id) => [word, id])),
    boundaryId: 0,
    unknownId: 1,
  };
}

function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
