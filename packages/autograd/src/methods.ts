// Installs the differentiable ops as Tensor methods, the way tfjs-core adds chained ops: the
// interface below merges into core's Tensor class, and the assignments fill in the prototype.
import { type DType, Tensor, type TensorLike } from '@fusegrad/core';

import { backward } from './backward.js';
import { detach } from './detach.js';
import type { BackwardOptions } from './engine.js';
import { abs } from './ops/abs.js';
import { add } from './ops/add.js';
import { argmax } from './ops/argmax.js';
import { broadcastTo } from './ops/broadcast-to.js';
import { cast } from './ops/cast.js';
import { clamp } from './ops/clamp.js';
import { clone } from './ops/clone.js';
import { equal, greater, greaterEqual, less, lessEqual, notEqual } from './ops/comparisons.js';
import { div } from './ops/div.js';
import { erf } from './ops/erf.js';
import { exp } from './ops/exp.js';
import { gather } from './ops/gather.js';
import { gelu } from './ops/gelu.js';
import { indexSelect } from './ops/index-select.js';
import { log } from './ops/log.js';
import { log1p } from './ops/log1p.js';
import { logSoftmax } from './ops/log-softmax.js';
import { logsumexp } from './ops/logsumexp.js';
import { matmul } from './ops/matmul.js';
import { max } from './ops/max.js';
import { maximum } from './ops/maximum.js';
import { mean } from './ops/mean.js';
import { min } from './ops/min.js';
import { minimum } from './ops/minimum.js';
import { mul } from './ops/mul.js';
import { neg } from './ops/neg.js';
import { permute } from './ops/permute.js';
import { pow } from './ops/pow.js';
import { relu } from './ops/relu.js';
import { reshape } from './ops/reshape.js';
import { sigmoid } from './ops/sigmoid.js';
import { sign } from './ops/sign.js';
import { slice } from './ops/slice.js';
import { softmax } from './ops/softmax.js';
import { sqrt } from './ops/sqrt.js';
import { sub } from './ops/sub.js';
import { sum } from './ops/sum.js';
import { sumToShape } from './ops/sum-to-shape.js';
import { tanh } from './ops/tanh.js';
import { transpose } from './ops/transpose.js';
import { where } from './ops/where.js';

type Axes = number | readonly number[] | null;

declare module '@fusegrad/core' {
  interface Tensor {
    /**
     * Computes the gradient of this tensor with respect to the leaves and adds it to their `.grad`.
     * See the `backward` function.
     *
     * @param gradOutput - Upstream gradient with this tensor's shape; optional for one element.
     *   The options may also be passed here in its place.
     * @param options - `retainGraph` and `createGraph`.
     * @returns Nothing.
     * @throws Error when this tensor does not require a gradient, needs a gradOutput, or its graph
     *   was already released.
     */
    backward(gradOutput?: TensorLike | BackwardOptions | null, options?: BackwardOptions): void;
    /**
     * Copies the values into a new leaf that does not require a gradient. See the `detach` function.
     *
     * @returns A new tensor cut off from the graph.
     */
    detach(): Tensor;
    /**
     * Copies the values into a new tensor that stays in the graph. See the `clone` function.
     *
     * @returns A new tensor with the same values.
     */
    clone(): Tensor;

    /**
     * Adds `other` elementwise with broadcasting. See the `add` function.
     *
     * @param other - Tensor or value whose shape broadcasts with this one.
     * @returns A new tensor of the broadcast shape.
     */
    add(other: TensorLike): Tensor;
    /**
     * Subtracts `other` elementwise with broadcasting. See the `sub` function.
     *
     * @param other - Tensor or value whose shape broadcasts with this one.
     * @returns A new tensor of the broadcast shape.
     */
    sub(other: TensorLike): Tensor;
    /**
     * Multiplies by `other` elementwise with broadcasting. See the `mul` function.
     *
     * @param other - Tensor or value whose shape broadcasts with this one.
     * @returns A new tensor of the broadcast shape.
     */
    mul(other: TensorLike): Tensor;
    /**
     * Divides by `other` elementwise with broadcasting. See the `div` function.
     *
     * @param other - Divisor whose shape broadcasts with this one.
     * @returns A new tensor of the broadcast shape.
     */
    div(other: TensorLike): Tensor;
    /**
     * Raises to the power `exponent` elementwise with broadcasting. See the `pow` function.
     *
     * @param exponent - Tensor or value whose shape broadcasts with this one.
     * @returns A new tensor of the broadcast shape.
     */
    pow(exponent: TensorLike): Tensor;
    /**
     * Takes the elementwise maximum with `other`; ties split the gradient. See the `maximum` function.
     *
     * @param other - Tensor or value whose shape broadcasts with this one.
     * @returns A new tensor of the broadcast shape.
     */
    maximum(other: TensorLike): Tensor;
    /**
     * Takes the elementwise minimum with `other`; ties split the gradient. See the `minimum` function.
     *
     * @param other - Tensor or value whose shape broadcasts with this one.
     * @returns A new tensor of the broadcast shape.
     */
    minimum(other: TensorLike): Tensor;
    /**
     * Selects this tensor where `condition` is non-zero and `other` elsewhere. See the `where` function.
     *
     * @param condition - Mask of 1 and 0.
     * @param other - Values where the condition is 0.
     * @returns A new tensor of the broadcast shape.
     */
    where(condition: TensorLike, other: TensorLike): Tensor;

    /**
     * Tests `this == other` elementwise; the result has no gradient.
     *
     * @param other - Tensor or value whose shape broadcasts with this one.
     * @returns A new tensor of 1 and 0.
     */
    equal(other: TensorLike): Tensor;
    /**
     * Tests `this != other` elementwise; the result has no gradient.
     *
     * @param other - Tensor or value whose shape broadcasts with this one.
     * @returns A new tensor of 1 and 0.
     */
    notEqual(other: TensorLike): Tensor;
    /**
     * Tests `this < other` elementwise; the result has no gradient.
     *
     * @param other - Tensor or value whose shape broadcasts with this one.
     * @returns A new tensor of 1 and 0.
     */
    less(other: TensorLike): Tensor;
    /**
     * Tests `this <= other` elementwise; the result has no gradient.
     *
     * @param other - Tensor or value whose shape broadcasts with this one.
     * @returns A new tensor of 1 and 0.
     */
    lessEqual(other: TensorLike): Tensor;
    /**
     * Tests `this > other` elementwise; the result has no gradient.
     *
     * @param other - Tensor or value whose shape broadcasts with this one.
     * @returns A new tensor of 1 and 0.
     */
    greater(other: TensorLike): Tensor;
    /**
     * Tests `this >= other` elementwise; the result has no gradient.
     *
     * @param other - Tensor or value whose shape broadcasts with this one.
     * @returns A new tensor of 1 and 0.
     */
    greaterEqual(other: TensorLike): Tensor;

    /**
     * Negates every element.
     *
     * @returns A new tensor of the same shape.
     */
    neg(): Tensor;
    /**
     * Computes `exp` of every element.
     *
     * @returns A new tensor of the same shape.
     */
    exp(): Tensor;
    /**
     * Computes the natural logarithm of every element.
     *
     * @returns A new tensor of the same shape.
     */
    log(): Tensor;
    /**
     * Computes `log(1 + x)` of every element.
     *
     * @returns A new tensor of the same shape.
     */
    log1p(): Tensor;
    /**
     * Computes the square root of every element.
     *
     * @returns A new tensor of the same shape.
     */
    sqrt(): Tensor;
    /**
     * Computes the absolute value of every element; the gradient at 0 is 0.
     *
     * @returns A new tensor of the same shape.
     */
    abs(): Tensor;
    /**
     * Returns -1, 0 or 1 per element; the gradient is 0.
     *
     * @returns A new tensor of the same shape.
     */
    sign(): Tensor;
    /**
     * Applies `max(x, 0)` to every element; the gradient at 0 is 0.
     *
     * @returns A new tensor of the same shape.
     */
    relu(): Tensor;
    /**
     * Computes the hyperbolic tangent of every element.
     *
     * @returns A new tensor of the same shape.
     */
    tanh(): Tensor;
    /**
     * Applies the logistic sigmoid to every element.
     *
     * @returns A new tensor of the same shape.
     */
    sigmoid(): Tensor;
    /**
     * Applies the exact (erf-based) GELU to every element.
     *
     * @returns A new tensor of the same shape.
     */
    gelu(): Tensor;
    /**
     * Computes the Gauss error function of every element.
     *
     * @returns A new tensor of the same shape.
     */
    erf(): Tensor;
    /**
     * Limits every element to `[min, max]`. See the `clamp` function.
     *
     * @param min - Lower bound, or `null` for none.
     * @param max - Upper bound, or `null` for none.
     * @returns A new tensor of the same shape.
     */
    clamp(min: number | null, max?: number | null): Tensor;
    /**
     * Converts to another element type, into fresh storage.
     *
     * @param dtype - `'float32'` or `'float64'`.
     * @returns A new tensor of the same shape.
     */
    cast(dtype: DType): Tensor;

    /**
     * Sums over `axes` (all by default). See the `sum` function.
     *
     * @param axes - Axis or axes to reduce, or `null` for all.
     * @param keepDims - Keep reduced axes as size 1.
     * @returns A new reduced tensor.
     */
    sum(axes?: Axes, keepDims?: boolean): Tensor;
    /**
     * Averages over `axes` (all by default). See the `mean` function.
     *
     * @param axes - Axis or axes to reduce, or `null` for all.
     * @param keepDims - Keep reduced axes as size 1.
     * @returns A new reduced tensor.
     */
    mean(axes?: Axes, keepDims?: boolean): Tensor;
    /**
     * Takes the maximum over `axes`; ties split the gradient evenly. See the `max` function.
     *
     * @param axes - Axis or axes to reduce, or `null` for all.
     * @param keepDims - Keep reduced axes as size 1.
     * @returns A new reduced tensor.
     */
    max(axes?: Axes, keepDims?: boolean): Tensor;
    /**
     * Takes the minimum over `axes`; ties split the gradient evenly. See the `min` function.
     *
     * @param axes - Axis or axes to reduce, or `null` for all.
     * @param keepDims - Keep reduced axes as size 1.
     * @returns A new reduced tensor.
     */
    min(axes?: Axes, keepDims?: boolean): Tensor;
    /**
     * Computes `log(sum(exp(x)))` over `axes`, stably. See the `logsumexp` function.
     *
     * @param axes - Axis or axes to reduce, or `null` for all.
     * @param keepDims - Keep reduced axes as size 1.
     * @returns A new reduced tensor.
     */
    logsumexp(axes?: Axes, keepDims?: boolean): Tensor;
    /**
     * Finds the index of the largest element along `axis`; the result has no gradient.
     *
     * @param axis - Axis to search, or `null` for the flattened tensor.
     * @param keepDims - Keep the searched axis as size 1.
     * @returns A new tensor of indices.
     */
    argmax(axis?: number | null, keepDims?: boolean): Tensor;
    /**
     * Computes the softmax along `axis` (default -1).
     *
     * @param axis - Axis to normalise over.
     * @returns A new tensor of the same shape.
     */
    softmax(axis?: number): Tensor;
    /**
     * Computes log-probabilities along `axis` (default -1), exact at `-Infinity` logits.
     *
     * @param axis - Axis to normalise over.
     * @returns A new tensor of the same shape.
     */
    logSoftmax(axis?: number): Tensor;

    /**
     * Multiplies matrices `[..., n, k] x [..., k, m]` with broadcast batch dimensions.
     *
     * @param other - Right operand of shape `[..., k, m]`.
     * @returns A new tensor of shape `[...batch, n, m]`.
     */
    matmul(other: TensorLike): Tensor;
    /**
     * Gives the elements a new shape; one dimension may be -1.
     *
     * @param shape - New dimensions.
     * @returns A new tensor with the new shape.
     */
    reshape(shape: readonly number[]): Tensor;
    /**
     * Swaps the last two axes.
     *
     * @returns A new tensor with the last two dimensions swapped.
     */
    transpose(): Tensor;
    /**
     * Reorders the axes: output axis `i` is input axis `dims[i]`.
     *
     * @param dims - A permutation of the axes.
     * @returns A new tensor with permuted axes.
     */
    permute(dims: readonly number[]): Tensor;
    /**
     * Extracts a block starting at `begin` with `size` elements per axis (-1 to the end).
     *
     * @param begin - Start index per axis.
     * @param size - Length per axis; default to the end.
     * @returns A new tensor holding a copy of the block.
     */
    slice(begin: readonly number[], size?: readonly number[]): Tensor;
    /**
     * Picks elements along the last axis at `indices`, like `torch.gather(x, -1, indices)`.
     *
     * @param indices - Integer positions with this tensor's leading dimensions.
     * @returns A new tensor with `indices`' shape.
     */
    gather(indices: TensorLike): Tensor;
    /**
     * Selects whole slices along `axis` (default 0), like `torch.index_select`.
     *
     * @param indices - 1-D integer positions.
     * @param axis - Axis to index.
     * @returns A new tensor.
     */
    indexSelect(indices: TensorLike, axis?: number): Tensor;
    /**
     * Repeats along size-1 and missing leading dimensions to reach `shape`.
     *
     * @param shape - Target shape.
     * @returns A new tensor of `shape`.
     */
    broadcastTo(shape: readonly number[]): Tensor;
    /**
     * Sums away the dimensions that broadcasting from `shape` would add.
     *
     * @param shape - Target shape that broadcasts to this tensor's shape.
     * @returns A new tensor of `shape`.
     */
    sumToShape(shape: readonly number[]): Tensor;
  }
}

const methods: Partial<Record<keyof Tensor, (this: Tensor, ...args: any[]) => unknown>> = {
  backward(this: Tensor, gradOutput?: TensorLike | BackwardOptions | null, options?: BackwardOptions): void {
    if (isOptionsObject(gradOutput)) backward(this, null, gradOutput);
    else backward(this, gradOutput ?? null, options);
  },
  detach(this: Tensor) {
    return detach(this);
  },
  clone(this: Tensor) {
    return clone(this);
  },

  add(this: Tensor, other: TensorLike) {
    return add(this, other);
  },
  sub(this: Tensor, other: TensorLike) {
    return sub(this, other);
  },
  mul(this: Tensor, other: TensorLike) {
    return mul(this, other);
  },
  div(this: Tensor, other: TensorLike) {
    return div(this, other);
  },
  pow(this: Tensor, exponent: TensorLike) {
    return pow(this, exponent);
  },
  maximum(this: Tensor, other: TensorLike) {
    return maximum(this, other);
  },
  minimum(this: Tensor, other: TensorLike) {
    return minimum(this, other);
  },
  where(this: Tensor, condition: TensorLike, other: TensorLike) {
    return where(condition, this, other);
  },

  equal(this: Tensor, other: TensorLike) {
    return equal(this, other);
  },
  notEqual(this: Tensor, other: TensorLike) {
    return notEqual(this, other);
  },
  less(this: Tensor, other: TensorLike) {
    return less(this, other);
  },
  lessEqual(this: Tensor, other: TensorLike) {
    return lessEqual(this, other);
  },
  greater(this: Tensor, other: TensorLike) {
    return greater(this, other);
  },
  greaterEqual(this: Tensor, other: TensorLike) {
    return greaterEqual(this, other);
  },

  neg(this: Tensor) {
    return neg(this);
  },
  exp(this: Tensor) {
    return exp(this);
  },
  log(this: Tensor) {
    return log(this);
  },
  log1p(this: Tensor) {
    return log1p(this);
  },
  sqrt(this: Tensor) {
    return sqrt(this);
  },
  abs(this: Tensor) {
    return abs(this);
  },
  sign(this: Tensor) {
    return sign(this);
  },
  relu(this: Tensor) {
    return relu(this);
  },
  tanh(this: Tensor) {
    return tanh(this);
  },
  sigmoid(this: Tensor) {
    return sigmoid(this);
  },
  gelu(this: Tensor) {
    return gelu(this);
  },
  erf(this: Tensor) {
    return erf(this);
  },
  clamp(this: Tensor, minValue: number | null, maxValue: number | null = null) {
    return clamp(this, minValue, maxValue);
  },
  cast(this: Tensor, dtype: DType) {
    return cast(this, dtype);
  },

  sum(this: Tensor, axes: Axes = null, keepDims = false) {
    return sum(this, axes, keepDims);
  },
  mean(this: Tensor, axes: Axes = null, keepDims = false) {
    return mean(this, axes, keepDims);
  },
  max(this: Tensor, axes: Axes = null, keepDims = false) {
    return max(this, axes, keepDims);
  },
  min(this: Tensor, axes: Axes = null, keepDims = false) {
    return min(this, axes, keepDims);
  },
  logsumexp(this: Tensor, axes: Axes = null, keepDims = false) {
    return logsumexp(this, axes, keepDims);
  },
  argmax(this: Tensor, axis: number | null = null, keepDims = false) {
    return argmax(this, axis, keepDims);
  },
  softmax(this: Tensor, axis = -1) {
    return softmax(this, axis);
  },
  logSoftmax(this: Tensor, axis = -1) {
    return logSoftmax(this, axis);
  },

  matmul(this: Tensor, other: TensorLike) {
    return matmul(this, other);
  },
  reshape(this: Tensor, shape: readonly number[]) {
    return reshape(this, shape);
  },
  transpose(this: Tensor) {
    return transpose(this);
  },
  permute(this: Tensor, dims: readonly number[]) {
    return permute(this, dims);
  },
  slice(this: Tensor, begin: readonly number[], size?: readonly number[]) {
    return slice(this, begin, size);
  },
  gather(this: Tensor, indices: TensorLike) {
    return gather(this, indices);
  },
  indexSelect(this: Tensor, indices: TensorLike, axis = 0) {
    return indexSelect(this, indices, axis);
  },
  broadcastTo(this: Tensor, shape: readonly number[]) {
    return broadcastTo(this, shape);
  },
  sumToShape(this: Tensor, shape: readonly number[]) {
    return sumToShape(this, shape);
  },
};

// Non-enumerable like class methods, so the prototype looks the same as if core had declared them.
for (const [name, method] of Object.entries(methods)) {
  Object.defineProperty(Tensor.prototype, name, { value: method, writable: true, configurable: true });
}

function isOptionsObject(value: unknown): value is BackwardOptions {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
