import fc from 'fast-check';

/** Bounds on the shapes that {@link shapeArbitrary} generates. */
export interface ShapeConstraints {
  /** Smallest rank. Default 0 (a scalar). */
  minRank?: number;
  /** Largest rank. Default 3. */
  maxRank?: number;
  /** Smallest dimension. Default 1, so size-1 dimensions occur often. */
  minDim?: number;
  /** Largest dimension. Default 4. */
  maxDim?: number;
}

/**
 * Generates tensor shapes within rank and dimension bounds. Shrinking goes towards lower rank and
 * smaller dimensions.
 *
 * @param constraints - Rank and dimension bounds.
 * @returns A fast-check arbitrary of shapes such as `[]`, `[3]` or `[2, 1, 4]`.
 * @throws Error when a bound is negative, not an integer, or a minimum exceeds its maximum.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { shapeArbitrary } from '@fusegrad/testing';
 *
 * const [shape] = fc.sample(shapeArbitrary({ minRank: 2, maxRank: 2, maxDim: 3 }), { numRuns: 1, seed: 1 });
 * console.log(shape!.length); // 2
 * ```
 */
export function shapeArbitrary(constraints: ShapeConstraints = {}): fc.Arbitrary<number[]> {
  const { minRank, maxRank, minDim, maxDim } = resolveShapeConstraints('shapeArbitrary', constraints);
  return fc.array(fc.integer({ min: minDim, max: maxDim }), { minLength: minRank, maxLength: maxRank });
}

/**
 * Generates pairs of shapes that broadcast together, NumPy style: from a common shape, each side
 * drops some leading dimensions and turns some others into 1.
 *
 * @param constraints - Bounds of the common (broadcast) shape.
 * @returns A fast-check arbitrary of `[shapeA, shapeB]`, for example `[[3, 4], [1, 4]]` or `[[2, 3], [3]]`.
 * @throws Error when a bound is invalid.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { broadcastableShapes } from '@fusegrad/testing';
 * import { add, zeros } from 'fusegrad';
 *
 * fc.assert(
 *   fc.property(broadcastableShapes(), ([shapeA, shapeB]) => {
 *     add(zeros(shapeA), zeros(shapeB)); // never throws
 *   }),
 *   { numRuns: 20 },
 * );
 * ```
 */
export function broadcastableShapes(constraints: ShapeConstraints = {}): fc.Arbitrary<[number[], number[]]> {
  const bounds = resolveShapeConstraints('broadcastableShapes', constraints);
  const common = fc.array(fc.integer({ min: bounds.minDim, max: bounds.maxDim }), {
    minLength: bounds.minRank,
    maxLength: bounds.maxRank,
  });
  return common.chain((shape) => fc.tuple(broadcastSide(shape), broadcastSide(shape)));
}

// One operand of a broadcast to `shape`: drop a number of leading dims, then set some dims to 1.
function broadcastSide(shape: readonly number[]): fc.Arbitrary<number[]> {
  return fc
    .tuple(
      fc.integer({ min: 0, max: shape.length }),
      fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
    )
    .map(([dropped, toOne]) => shape.slice(dropped).map((dim, axis) => (toOne[axis + dropped] ? 1 : dim)));
}

/**
 * Fills in the defaults of shape constraints and checks them.
 *
 * @internal
 */
export function resolveShapeConstraints(caller: string, constraints: ShapeConstraints): Required<ShapeConstraints> {
  const resolved = {
    minRank: constraints.minRank ?? 0,
    maxRank: constraints.maxRank ?? Math.max(3, constraints.minRank ?? 0),
    minDim: constraints.minDim ?? 1,
    maxDim: constraints.maxDim ?? Math.max(4, constraints.minDim ?? 1),
  };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(`${caller}: ${name} is ${value}; pass a non-negative integer`);
    }
  }
  if (resolved.minRank > resolved.maxRank) {
    throw new Error(`${caller}: minRank ${resolved.minRank} exceeds maxRank ${resolved.maxRank}; pass minRank <= maxRank`);
  }
  if (resolved.minDim > resolved.maxDim) {
    throw new Error(`${caller}: minDim ${resolved.minDim} exceeds maxDim ${resolved.maxDim}; pass minDim <= maxDim`);
  }
  return resolved;
}
