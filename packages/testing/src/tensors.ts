import { type DType, shapeSize, type Tensor, tensor } from '@fusegrad/core';
import fc from 'fast-check';

import { broadcastableShapes, shapeArbitrary, type ShapeConstraints } from './shapes.js';

/** Constraints on the tensors that {@link tensorArbitrary} generates. */
export interface TensorConstraints extends ShapeConstraints {
  /** Fixed shape; when given, the rank and dimension bounds are ignored. */
  shape?: readonly number[];
  /** Smallest value. Default -3. */
  min?: number;
  /** Largest value. Default 3. */
  max?: number;
  /** Element type. Default `'float32'`. */
  dtype?: DType;
  /** Whether the generated tensors require gradients. Default `false`. */
  requiresGrad?: boolean;
  /**
   * Points to keep away from, such as the kink of `abs` or `relu` at 0, where a finite-difference
   * check is meaningless. Values closer than `margin` are moved to `point ± margin`.
   */
  avoid?: readonly number[];
  /**
   * Minimum distance from the `avoid` points and, with `distinct`, between any two elements.
   * Default 0.05.
   */
  margin?: number;
  /**
   * Keep every pair of elements at least `margin` apart, for example to avoid ties in `max`. The
   * values are then distinct points of a grid with spacing `margin` starting at `min`.
   */
  distinct?: boolean;
  /**
   * Draw values from a grid with this spacing, starting at `min`, so any two values are either
   * equal or at least `step` apart. Useful where near-ties make finite differences meaningless.
   */
  step?: number;
}

/**
 * Generates tensors of constrained shapes and values, for property tests of ops and Functions.
 * Values never include `NaN` or infinities.
 *
 * @param constraints - Shape bounds or a fixed shape, value range, dtype, `requiresGrad`, and
 *   points to avoid.
 * @returns A fast-check arbitrary of tensors.
 * @throws Error when `min > max`, a bound is not finite, a shape bound is invalid, or `distinct`
 *   values cannot fit in the range.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { tensorArbitrary } from '@fusegrad/testing';
 *
 * fc.assert(
 *   fc.property(tensorArbitrary({ min: 0.1, max: 2 }), (x) => x.log().exp().sub(x).abs().max().item() < 1e-5),
 *   { numRuns: 20 },
 * );
 * ```
 */
export function tensorArbitrary(constraints: TensorConstraints = {}): fc.Arbitrary<Tensor> {
  const shapes = constraints.shape !== undefined ? fc.constant([...constraints.shape]) : shapeArbitrary(constraints);
  const dtype = constraints.dtype ?? 'float32';
  const requiresGrad = constraints.requiresGrad ?? false;
  checkValueConstraints(constraints);
  return shapes.chain((shape) =>
    valuesArbitrary(shapeSize(shape), constraints).map((values) => tensor(values, { shape, dtype, requiresGrad })),
  );
}

/**
 * Generates pairs of tensors whose shapes broadcast together (see {@link broadcastableShapes}),
 * for property tests of binary ops.
 *
 * @param constraints - Bounds of the broadcast shape and the value constraints of both tensors.
 * @returns A fast-check arbitrary of `[a, b]`.
 * @throws Error when a constraint is invalid.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { broadcastableTensors } from '@fusegrad/testing';
 *
 * fc.assert(
 *   fc.property(broadcastableTensors(), ([a, b]) => a.add(b).sub(b).sub(a).abs().sum().item() < 1e-4),
 *   { numRuns: 20 },
 * );
 * ```
 */
export function broadcastableTensors(constraints: TensorConstraints = {}): fc.Arbitrary<[Tensor, Tensor]> {
  const { shape: _ignored, ...rest } = constraints;
  return broadcastableShapes(constraints).chain(([shapeA, shapeB]) =>
    fc.tuple(tensorArbitrary({ ...rest, shape: shapeA }), tensorArbitrary({ ...rest, shape: shapeB })),
  );
}

function checkValueConstraints(constraints: TensorConstraints): void {
  const min = constraints.min ?? -3;
  const max = constraints.max ?? 3;
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) {
    throw new Error(`tensorArbitrary: value range [${min}, ${max}] is invalid; pass finite min <= max`);
  }
  const margin = constraints.margin ?? 0.05;
  if (!(margin > 0 && Number.isFinite(margin))) {
    throw new Error(`tensorArbitrary: margin is ${margin}; pass a positive finite number`);
  }
  const step = constraints.step;
  if (step !== undefined && !(step > 0 && Number.isFinite(step))) {
    throw new Error(`tensorArbitrary: step is ${step}; pass a positive finite number`);
  }
}

function valuesArbitrary(count: number, constraints: TensorConstraints): fc.Arbitrary<number[]> {
  const min = constraints.min ?? -3;
  const max = constraints.max ?? 3;
  const margin = constraints.margin ?? 0.05;

  if (constraints.distinct) {
    const slots = Math.floor((max - min) / margin) + 1;
    if (slots < count) {
      throw new Error(
        `tensorArbitrary: ${count} distinct values ${margin} apart do not fit in [${min}, ${max}]; ` +
          'widen the range, lower margin, or allow smaller shapes',
      );
    }
    return fc
      .uniqueArray(fc.integer({ min: 0, max: slots - 1 }), { minLength: count, maxLength: count })
      .map((slotsTaken) => slotsTaken.map((slot) => min + slot * margin));
  }

  const avoid = constraints.avoid ?? [];
  const step = constraints.step;
  const element =
    step === undefined
      ? fc.double({ min, max, noNaN: true })
      : fc.integer({ min: 0, max: Math.floor((max - min) / step) }).map((slot) => min + slot * step);
  return fc.array(
    element.map((value) => keepAway(value, avoid, margin, min, max)),
    { minLength: count, maxLength: count },
  );
}

function keepAway(value: number, avoid: readonly number[], margin: number, min: number, max: number): number {
  let moved = value === 0 ? 0 : value; // normalises -0
  for (const point of avoid) {
    if (Math.abs(moved - point) >= margin) continue;
    const above = point + margin;
    moved = above <= max ? above : point - margin;
    if (moved < min) moved = above;
  }
  return moved;
}
