/**
 * Elements in one `[chunkSize, V]` block of the default chunk: 2^21, so a float32 block of
 * logits, log-probabilities or gradients is 8 MiB. Larger chunks spend fewer matmul calls (each
 * call of `matmul(gradLogits, weight)` transposes the whole weight), smaller ones hold less memory.
 */
export const DEFAULT_CHUNK_ELEMENTS = 2 ** 21;

/**
 * Returns the default number of rows per chunk for a vocabulary of `vocabSize`: as many rows as
 * fit in {@link DEFAULT_CHUNK_ELEMENTS} elements, at least 1 (64 rows at V = 32768).
 */
export function defaultChunkSize(vocabSize: number): number {
  return Math.max(1, Math.floor(DEFAULT_CHUNK_ELEMENTS / Math.max(vocabSize, 1)));
}
