import { broadcastShapes } from '../../shape/broadcast-shapes.js';
import { shapeSize, shapesEqual } from '../../shape/strides.js';
import { Tensor } from '../../tensor.js';
import type { TypedArray } from '../../types.js';
import { allocate, resultDType, toOperand } from './operands.js';
import { forEachRun, planBroadcast } from './strided-plan.js';

/**
 * Inner loop of a binary elementwise op over one run: writes `length` results to `out` starting at
 * `outStart`, reading `a` from `aStart` in steps of `aStride` and `b` likewise (a stride of 0 repeats
 * a broadcast element).
 */
export type BinaryLoop = (
  out: TypedArray,
  outStart: number,
  length: number,
  a: TypedArray,
  aStart: number,
  aStride: number,
  b: TypedArray,
  bStart: number,
  bStride: number,
) => void;

/**
 * Runs a binary elementwise op with NumPy broadcasting. Same-shape and one-element operands take a
 * single run; other shapes go through a merged strided plan.
 */
export function binaryKernel(operation: string, a: Tensor | number, b: Tensor | number, loop: BinaryLoop): Tensor {
  const left = toOperand(operation, 'a', a);
  const right = toOperand(operation, 'b', b);
  const outShape = broadcastShapes(left.shape, right.shape, operation);
  const size = shapeSize(outShape);
  const out = allocate(resultDType(left, right), size);

  if (size === 0) return new Tensor(out, outShape);
  if (shapesEqual(left.shape, right.shape)) {
    loop(out, 0, size, left.data, 0, 1, right.data, 0, 1);
  } else if (right.data.length === 1 && left.data.length === size) {
    loop(out, 0, size, left.data, 0, 1, right.data, 0, 0);
  } else if (left.data.length === 1 && right.data.length === size) {
    loop(out, 0, size, left.data, 0, 0, right.data, 0, 1);
  } else {
    const plan = planBroadcast(outShape, [left.shape, right.shape]);
    const innerAxis = plan.dims.length - 1;
    const aStride = plan.strides[0]![innerAxis]!;
    const bStride = plan.strides[1]![innerAxis]!;
    forEachRun(plan, [0, 0], (outStart, length, offsets) => {
      loop(out, outStart, length, left.data, offsets[0]!, aStride, right.data, offsets[1]!, bStride);
    });
  }

  return new Tensor(out, outShape);
}
