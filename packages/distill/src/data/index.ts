export { fixedOrder } from './fixed-order.js';
export {
  loadMnist,
  selectImages,
  MNIST_CLASS_COUNT,
  MNIST_DIGIT_COUNT,
  MNIST_HELD_OUT_COUNT,
  MNIST_IMAGE_SIZE,
  type ImageSplit,
  type MnistDataset,
} from './mnist.js';
export { parseBrownSentences } from './brown-sentences.js';
export { buildVocabulary, BOUNDARY_TOKEN, UNKNOWN_TOKEN, type Vocabulary } from './vocabulary.js';
export {
  loadBrown,
  nextWordExamples,
  selectExamples,
  BROWN_CONTEXT_SIZE,
  BROWN_VOCAB_SIZE,
  type BrownDataset,
  type BrownOptions,
  type NextWordSplit,
} from './brown.js';
