import { kernels, Tensor, type TypedArray } from '@fusegrad/core';

/**
 * Computes the log-probabilities `[rows, V]` of a chunk of rows: logSoftmax((hidden W^T + bias) / T).
 * Every intermediate tensor is disposed as soon as the next one exists.
 *
 * @param hidden - the chunk's hidden states `[rows, H]`
 * @param weight - the output projection `[V, H]`
 * @param bias - the output bias `[V]`, or null
 * @param temperature - divisor of the logits, greater than 0
 */
export function chunkLogProbs(hidden: Tensor, weight: Tensor, bias: Tensor | null, temperature: number): Tensor {
  // W hidden^T, transposed back, equals hidden W^T. matmul transposes its second operand
  // internally, and here that operand is the small [H, rows] chunk instead of the [V, H] weight.
  const hiddenTransposed = kernels.transpose(hidden);
  const logitsTransposed = kernels.matmul(weight, hiddenTransposed);
  hiddenTransposed.dispose();
  let logits = kernels.transpose(logitsTransposed);
  logitsTransposed.dispose();

  if (bias !== null) logits = replace(logits, kernels.add(logits, bias));
  if (temperature !== 1) logits = replace(logits, kernels.div(logits, temperature));

  const logProbs = kernels.logSoftmax(logits, -1);
  logits.dispose();
  return logProbs;
}

/**
 * Carries a gradient from the log-probabilities back to the logits of `logProbs = logSoftmax(logits / T)`:
 * `(g - softmax * rowSum(g)) / T`, with the row sums in float64.
 *
 * @param gradLogProbs - d loss / d logProbs, flat `[rows * V]`
 * @param logProbs - the log-probabilities `[rows, V]` that forward computed
 * @param temperature - the divisor of the logits
 * @returns d loss / d logits `[rows, V]`, in the dtype of `logProbs`
 */
export function logSoftmaxBackward(gradLogProbs: TypedArray, logProbs: Tensor, temperature: number): Tensor {
  const [rows, vocabSize] = logProbs.shape as [number, number];
  const source = logProbs.data;
  const gradLogits = logProbs.dtype === 'float64' ? new Float64Array(source.length) : new Float32Array(source.length);

  for (let row = 0; row < rows; row++) {
    const start = row * vocabSize;
    const end = start + vocabSize;

    let rowSum = 0;
    for (let index = start; index < end; index++) rowSum += gradLogProbs[index]!;

    for (let index = start; index < end; index++) {
      gradLogits[index] = (gradLogProbs[index]! - Math.exp(source[index]!) * rowSum) / temperature;
    }
  }
  return new Tensor(gradLogits, logProbs.shape);
}

/** Adds `values` element by element into `target`, starting at `target[offset]`. */
export function addInto(target: TypedArray, values: TypedArray, offset = 0): void {
  for (let index = 0; index < values.length; index++) {
    target[offset + index] = target[offset + index]! + values[index]!;
  }
}

/** Disposes `previous` and returns `next`. */
function replace(previous: Tensor, next: Tensor): Tensor {
  previous.dispose();
  return next;
}
