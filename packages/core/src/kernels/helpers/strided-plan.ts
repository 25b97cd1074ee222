/**
 * Iteration plan for reading several strided operands in the row-major order of a contiguous
 * output. Dimensions of size 1 are dropped and neighbours that every operand walks contiguously are
 * merged, so the innermost run is as long as possible.
 */
export interface StridedPlan {
  /** Merged output dimensions; `[1]` when the output has one element. */
  readonly dims: readonly number[];
  /** For each operand, its element stride along each merged dimension (0 where it broadcasts). */
  readonly strides: readonly (readonly number[])[];
}

/**
 * Builds the plan for operands of the given shapes broadcast to `outShape`. Each operand's shape
 * must already be known to broadcast to `outShape`.
 */
export function planBroadcast(outShape: readonly number[], operandShapes: readonly (readonly number[])[]): StridedPlan {
  const rank = outShape.length;
  const strides = operandShapes.map((shape) => {
    const aligned = new Array<number>(rank).fill(0);
    let stride = 1;
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      const outAxis = axis + rank - shape.length;
      aligned[outAxis] = shape[axis] === 1 ? 0 : stride;
      stride *= shape[axis]!;
    }
    return aligned;
  });
  return planStrided(outShape, strides);
}

/** Builds the plan for operands read with explicit per-axis strides over `outShape`. */
export function planStrided(outShape: readonly number[], operandStrides: readonly (readonly number[])[]): StridedPlan {
  const dims: number[] = [];
  const strides: number[][] = operandStrides.map(() => []);

  for (let axis = 0; axis < outShape.length; axis++) {
    const dim = outShape[axis]!;
    if (dim === 1) continue;

    const last = dims.length - 1;
    const mergeable =
      last >= 0 && operandStrides.every((operand, k) => strides[k]![last] === operand[axis]! * dim);
    if (mergeable) {
      dims[last] = dims[last]! * dim;
      operandStrides.forEach((operand, k) => {
        strides[k]![last] = operand[axis]!;
      });
      continue;
    }

    dims.push(dim);
    operandStrides.forEach((operand, k) => strides[k]!.push(operand[axis]!));
  }

  if (dims.length === 0) {
    dims.push(1);
    for (const operand of strides) operand.push(0);
  }
  return { dims, strides };
}

/**
 * Calls `visit` once per innermost run of the plan, in output order, with the run's first output
 * index, its length, and each operand's offset at the start of the run. The offsets array is reused
 * between calls.
 */
export function forEachRun(
  plan: StridedPlan,
  startOffsets: readonly number[],
  visit: (outStart: number, length: number, offsets: readonly number[]) => void,
): void {
  const { dims, strides } = plan;
  const rank = dims.length;
  const runLength = dims[rank - 1]!;
  let runCount = 1;
  for (let axis = 0; axis < rank - 1; axis++) runCount *= dims[axis]!;
  if (runLength === 0 || runCount === 0) return;

  const offsets = [...startOffsets];
  const counter = new Array<number>(rank).fill(0);
  for (let run = 0; run < runCount; run++) {
    visit(run * runLength, runLength, offsets);

    // Odometer step over the outer dimensions, last outer axis fastest.
    for (let axis = rank - 2; axis >= 0; axis--) {
      counter[axis]!++;
      for (let k = 0; k < offsets.length; k++) offsets[k]! += strides[k]![axis]!;
      if (counter[axis]! < dims[axis]!) break;
      for (let k = 0; k < offsets.length; k++) offsets[k]! -= strides[k]![axis]! * dims[axis]!;
      counter[axis] = 0;
    }
  }
}

/** Copies the elements that a single-operand plan reads from `source` into `target`, in order. */
export function copyStrided(plan: StridedPlan, source: ArrayLike<number>, sourceOffset: number, target: { [index: number]: number }): void {
  const innerStride = plan.strides[0]![plan.dims.length - 1]!;
  forEachRun(plan, [sourceOffset], (outStart, length, offsets) => {
    let from = offsets[0]!;
    const end = outStart + length;
    if (innerStride === 1) {
      for (let to = outStart; to < end; to++) target[to] = source[from++]!;
      return;
    }
    for (let to = outStart; to < end; to++) {
      target[to] = source[from]!;
      from += innerStride;
    }
  });
}
