import { formatShape } from '../shape/format-shape.js';
import { Tensor } from '../tensor.js';
import { allocate, requireTensor } from './helpers/operands.js';

/**
 * Copies a tensor into a new shape with the same row-major element order.
 *
 * @param x - Tensor of any shape.
 * @param shape - New dimensions; at most one may be -1, which takes the size that makes the element
 *   count match.
 * @returns A new tensor of the requested shape and `x`'s dtype, with fresh storage.
 * @throws Error when a dimension is invalid, more than one is -1, or the element counts differ.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * console.log(kernels.reshape(tensor([1, 2, 3, 4, 5, 6]), [-1, 3]).toArray()); // [ [ 1, 2, 3 ], [ 4, 5, 6 ] ]
 * ```
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  requireTensor('reshape', 'x', x);
  const resolved = resolveShape(x, shape);

  const out = allocate(x.dtype, x.size);
  out.set(x.data);
  return new Tensor(out, resolved);
}

function resolveShape(x: Tensor, shape: readonly number[]): number[] {
  if (!Array.isArray(shape)) {
    throw new Error(`reshape: shape must be an array of integers, got ${String(shape)}`);
  }
  let inferredAxis = -1;
  let knownSize = 1;
  for (let axis = 0; axis < shape.length; axis++) {
    const dim = shape[axis]!;
    if (dim === -1 && inferredAxis === -1) {
      inferredAxis = axis;
      continue;
    }
    if (dim === -1) {
      throw new Error(
        `reshape: shape ${formatShape(shape)} has more than one -1; at most one dimension can be inferred`,
      );
    }
    if (!Number.isInteger(dim) || dim < 0) {
      throw new Error(
        `reshape: shape ${formatShape(shape)} has invalid dimension ${dim} at axis ${axis}; ` +
          'use non-negative integers, or -1 once to infer a dimension',
      );
    }
    knownSize *= dim;
  }

  const resolved = [...shape];
  if (inferredAxis >= 0) {
    if (knownSize === 0 || x.size % knownSize !== 0) {
      throw new Error(
        `reshape: cannot reshape tensor of shape ${formatShape(x.shape)} (${x.size} elements) into ` +
          `${formatShape(shape)}: the other dimensions multiply to ${knownSize}, which does not divide ${x.size}`,
      );
    }
    resolved[inferredAxis] = x.size / knownSize;
  } else if (knownSize !== x.size) {
    throw new Error(
      `reshape: cannot reshape tensor of shape ${formatShape(x.shape)} (${x.size} elements) into ` +
        `${formatShape(shape)} (${knownSize} elements); the element counts must match`,
    );
  }
  return resolved;
}
