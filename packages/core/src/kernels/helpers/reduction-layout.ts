import { normalizeAxes } from '../../shape/axes.js';
import { stridesOf } from '../../shape/strides.js';
import type { Tensor } from '../../tensor.js';
import type { TypedArray } from '../../types.js';
import { allocate } from './operands.js';
import { copyStrided, planStrided } from './strided-plan.js';

/**
 * A reduction seen as a row-major `[outer, reduced, inner]` block: every output element at
 * `(o, i)` reduces `source[(o * reduced + r) * inner + i]` over `r`.
 */
export interface ReductionLayout {
  /** The input's storage, or a permuted copy when the reduced axes are not adjacent. */
  readonly source: TypedArray;
  readonly outer: number;
  readonly reduced: number;
  readonly inner: number;
  /** Shape of the result: reduced axes dropped, or kept as 1 with `keepDims`. */
  readonly outShape: number[];
}

/**
 * Lays out a reduction of `x` over `axes` (`null`: all axes). Adjacent axes reduce in place;
 * otherwise the kept axes are moved to the front in a scratch copy, so the reduced ones are last.
 */
export function reductionLayout(
  operation: string,
  x: Tensor,
  axes: number | readonly number[] | null | undefined,
  keepDims: boolean,
): ReductionLayout {
  const shape = x.shape;
  const reducedAxes = normalizeAxes(axes, x.rank, operation);
  const isReduced = shape.map((_, axis) => reducedAxes.includes(axis));
  const outShape = keepDims
    ? shape.map((dim, axis) => (isReduced[axis] ? 1 : dim))
    : shape.filter((_, axis) => !isReduced[axis]);

  let reduced = 1;
  for (const axis of reducedAxes) reduced *= shape[axis]!;
  if (reducedAxes.length === 0) return { source: x.data, outer: x.size, reduced: 1, inner: 1, outShape };

  const first = reducedAxes[0]!;
  const last = reducedAxes[reducedAxes.length - 1]!;
  if (last - first === reducedAxes.length - 1) {
    let outer = 1;
    for (let axis = 0; axis < first; axis++) outer *= shape[axis]!;
    let inner = 1;
    for (let axis = last + 1; axis < shape.length; axis++) inner *= shape[axis]!;
    return { source: x.data, outer, reduced, inner, outShape };
  }

  const keptAxes = shape.map((_, axis) => axis).filter((axis) => !isReduced[axis]);
  const order = [...keptAxes, ...reducedAxes];
  const strides = stridesOf(shape);
  const plan = planStrided(
    order.map((axis) => shape[axis]!),
    [order.map((axis) => strides[axis]!)],
  );
  const source = allocate(x.dtype, x.size);
  copyStrided(plan, x.data, 0, source);
  return { source, outer: keptProduct(shape, isReduced), reduced, inner: 1, outShape };
}

function keptProduct(shape: readonly number[], isReduced: readonly boolean[]): number {
  let product = 1;
  for (let axis = 0; axis < shape.length; axis++) if (!isReduced[axis]) product *= shape[axis]!;
  return product;
}

/**
 * Sums the layout's reduced block into `out` (length `outer * inner`), accumulating in float64,
 * and multiplies each sum by `scale`.
 */
export function sumLayout(layout: ReductionLayout, out: TypedArray, scale = 1): void {
  const { source, outer, reduced, inner } = layout;

  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      let total = 0;
      const start = o * reduced;
      const end = start + reduced;
      for (let index = start; index < end; index++) total += source[index]!;
      out[o] = total * scale;
    }
    return;
  }

  // Walking whole rows of length `inner` keeps reads sequential; totals live in a float64 row.
  const totals = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    totals.fill(0);
    for (let r = 0; r < reduced; r++) {
      const rowStart = (o * reduced + r) * inner;
      for (let i = 0; i < inner; i++) totals[i]! += source[rowStart + i]!;
    }
    const outStart = o * inner;
    for (let i = 0; i < inner; i++) out[outStart + i] = totals[i]! * scale;
  }
}
