/**
 * Splits one Brown corpus file into sentences of lowercase words, with the part-of-speech tags removed.
 *
 * The corpus stores one sentence per line as `word/tag` tokens (`The/at jury/nn said/vbd ./.`). The tag is the
 * text after the last `/`, because some words contain one (`1-1/2/cd`). Tokens whose word has no letter or digit
 * (punctuation such as `.`, `,`, `` ` ` ``, `--`) are dropped, so the words are what a next-word model predicts.
 *
 * @param text - The contents of a corpus file such as `ca01`.
 * @returns One array of words per non-empty sentence, in file order.
 * @example
 * ```ts
 * import { parseBrownSentences } from '@fusegrad/distill';
 *
 * const sentences = parseBrownSentences('\tThe/at jury/nn said/vbd ./.\n');
 * console.log(sentences); // [['the', 'jury', 'said']]
 * ```
 */
export function parseBrownSentences(text: string): string[][] {
  const sentences: string[][] = [];
  for (const line of text.split('\n')) {
    const words: string[] = [];
    for (const token of line.split(/\s+/)) {
      const slash = token.lastIndexOf('/');
      if (slash <= 0) continue;

      const word = token.slice(0, slash).toLowerCase();
      if (/[\p{L}\p{N}]/u.test(word)) words.push(word);
    }
    if (words.length > 0) sentences.push(words);
  }
  return sentences;
}
