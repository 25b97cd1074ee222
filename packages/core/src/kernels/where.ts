import { broadcastShapes } from '../shape/broadcast-shapes.js';
import { shapeSize } from '../shape/strides.js';
import { Tensor } from '../tensor.js';
import { allocate, resultDType, toOperand } from './helpers/operands.js';
import { forEachRun, planBroadcast } from './helpers/strided-plan.js';

/**
 * Selects elementwise from `a` where `condition` is nonzero and from `b` elsewhere, broadcasting all
 * three like NumPy. The unselected operand's value never reaches the output, even if it is `NaN`.
 *
 * @param condition - Mask tensor; any nonzero value (including `NaN`) selects `a`. Its dtype does
 *   not affect the result dtype.
 * @param a - Values where the mask is set: a tensor or a number.
 * @param b - Values elsewhere: a tensor or a number.
 * @returns A new tensor of the broadcast shape of all three; float64 if `a` or `b` is float64.
 * @throws Error when the three shapes do not broadcast.
 * @example
 * ```ts
 * import { kernels, tensor } from 'fusegrad';
 *
 * const mask = tensor([1, 0, 1]);
 * console.log(kernels.where(mask, tensor([1, 2, 3]), 0).toArray()); // [ 1, 0, 3 ]
 * ```
 */
export function where(condition: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  const mask = toOperand('where', 'condition', condition);
  const left = toOperand('where', 'a', a);
  const right = toOperand('where', 'b', b);
  const valuesShape = broadcastShapes(left.shape, right.shape, 'where');
  const outShape = broadcastShapes(mask.shape, valuesShape, 'where');
  const out = allocate(resultDType(left, right), shapeSize(outShape));

  const plan = planBroadcast(outShape, [mask.shape, left.shape, right.shape]);
  const innerAxis = plan.dims.length - 1;
  const maskStride = plan.strides[0]![innerAxis]!;
  const aStride = plan.strides[1]![innerAxis]!;
  const bStride = plan.strides[2]![innerAxis]!;
  const maskData = mask.data;
  const aData = left.data;
  const bData = right.data;

  forEachRun(plan, [0, 0, 0], (outStart, length, offsets) => {
    let im = offsets[0]!;
    let ia = offsets[1]!;
    let ib = offsets[2]!;
    const end = outStart + length;
    for (let o = outStart; o < end; o++) {
      out[o] = maskData[im] !== 0 ? aData[ia]! : bData[ib]!;
      im += maskStride;
      ia += aStride;
      ib += bStride;
    }
  });
  return new Tensor(out, outShape);
}
