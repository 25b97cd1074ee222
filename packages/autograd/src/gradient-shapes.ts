import { kernels, shapesEqual, type Tensor } from '@fusegrad/core';

import { scalar } from './as-tensor.js';
import { isGradEnabled } from './grad-mode.js';
import { broadcastTo } from './ops/broadcast-to.js';
import { mul } from './ops/mul.js';
import { reshape } from './ops/reshape.js';
import { sumToShape } from './ops/sum-to-shape.js';
import { where } from './ops/where.js';

/**
 * Sums a gradient over the dimensions that broadcasting added, so it gets the input's shape.
 *
 * @internal
 */
export function reduceToShape(gradient: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(gradient.shape, shape)) return gradient;
  return sumToShape(gradient, shape);
}

/**
 * Spreads the gradient of a reduction over `axes` back to the input's shape: it reinserts the
 * reduced axes as size 1 (unless the reduction kept them) and broadcasts.
 *
 * @internal
 */
export function expandReduced(
  gradient: Tensor,
  inputShape: readonly number[],
  axes: readonly number[],
  keepDims: boolean,
): Tensor {
  const keptShape = keptDimsShape(inputShape, axes);
  const withKeptDims = keepDims || shapesEqual(gradient.shape, keptShape) ? gradient : reshape(gradient, keptShape);
  return broadcastTo(withKeptDims, inputShape);
}

/**
 * Returns `inputShape` with each of `axes` set to 1: the shape of a reduction with keepDims.
 *
 * @internal
 */
export function keptDimsShape(inputShape: readonly number[], axes: readonly number[]): number[] {
  return inputShape.map((dim, axis) => (axes.includes(axis) ? 1 : dim));
}

/**
 * Multiplies a gradient by a local derivative, returning exactly 0 wherever the gradient is 0.
 *
 * A zero upstream gradient means the value was not used, as in the unselected branch of `where`.
 * Its contribution is then 0 even where the local derivative is infinite or NaN, such as the
 * derivative of `x / 0` or of `sqrt` at 0, where a plain product gives `0 * Infinity = NaN`.
 *
 * @internal
 */
export function mulUnlessZero(gradient: Tensor, derivative: Tensor): Tensor {
  const product = mul(gradient, derivative);
  const zero = scalar(0, product.dtype);
  const isZero = kernels.equal(gradient, zero);

  const result = where(isZero, zero, product);
  releaseTemporaries(product, isZero);
  return result;
}

/**
 * Disposes temporaries of a backward formula as soon as they are used, when nothing records them
 * (a backward without `createGraph`), so fewer gradient-sized buffers are alive at the peak. With
 * recording on they belong to the new graph and stay.
 *
 * @internal
 */
export function releaseTemporaries(...temporaries: Tensor[]): void {
  if (isGradEnabled()) return;
  for (const temporary of temporaries) temporary.dispose();
}
