import { checkShape, Tensor } from '../tensor.js';
import type { DType, NestedArray, TensorLike, TypedArray } from '../types.js';

/** Options of {@link tensor}. */
export interface TensorOptions {
  /**
   * Shape of the result. Default: `[values.length]` for flat values, the nesting for nested arrays.
   * With nested arrays, a given shape lays out their row-major elements anew.
   */
  shape?: readonly number[];
  /** Whether autograd should compute a gradient for the result. Default: `false`. */
  requiresGrad?: boolean;
  /** Element type. Default: `'float64'` for a `Float64Array` or a float64 tensor, else `'float32'`. */
  dtype?: DType;
}

/**
 * Creates a tensor from numbers, copying them into fresh storage.
 *
 * @param values - A number (a scalar of shape `[]`), a flat `number[]`, `Float32Array` or
 *   `Float64Array` (1-D unless `shape` is given), nested arrays (their nesting gives the shape), or a
 *   tensor (copied).
 * @param options - `shape` to lay out flat values, `requiresGrad`, and `dtype`.
 * @returns A new leaf tensor that owns a copy of the values.
 * @throws Error when the element count differs from the product of `shape`, when a dimension is
 *   negative or not an integer, when nested arrays are ragged, or when an element is not a number.
 * @example
 * ```ts
 * import { tensor } from 'fusegrad';
 *
 * const a = tensor([[1, 2, 3], [4, 5, 6]]);
 * const b = tensor(new Float32Array([1, 2, 3, 4, 5, 6]), { shape: [3, 2] });
 * const c = tensor(3.5, { dtype: 'float64', requiresGrad: true });
 * console.log(a.shape, b.shape, c.shape); // [ 2, 3 ] [ 3, 2 ] []
 * ```
 */
export function tensor(values: TensorLike, options: TensorOptions = {}): Tensor {
  const dtype = options.dtype ?? defaultDType(values);
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new Error(`tensor: dtype must be 'float32' or 'float64', got ${String(dtype)}`);
  }

  const { flat, inferredShape } = flattenValues(values);
  const shape = options.shape ?? inferredShape;
  const size = checkShape('tensor', shape);
  if (flat.length !== size) {
    throw new Error(
      `tensor: got ${flat.length} values but shape [${shape.join(',')}] needs ${size}; ` +
        `pass a shape whose dimensions multiply to ${flat.length}, such as [${flat.length}]`,
    );
  }

  const storage = dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
  storage.set(flat);
  return new Tensor(storage, shape, { requiresGrad: options.requiresGrad ?? false });
}

function defaultDType(values: TensorLike): DType {
  if (values instanceof Float64Array) return 'float64';
  if (values instanceof Tensor) return values.dtype;
  return 'float32';
}

function flattenValues(values: TensorLike): { flat: ArrayLike<number>; inferredShape: number[] } {
  if (values instanceof Tensor) return { flat: values.data, inferredShape: [...values.shape] };
  if (values instanceof Float32Array || values instanceof Float64Array) {
    return { flat: values as TypedArray, inferredShape: [values.length] };
  }
  if (typeof values === 'number') return { flat: [values], inferredShape: [] };
  if (!Array.isArray(values)) {
    throw new Error(
      `tensor: values must be a number, nested arrays of numbers, a Float32Array, a Float64Array or ` +
        `a Tensor, got ${describeType(values)}`,
    );
  }

  const inferredShape = inferShape(values);
  if (inferredShape.length === 1 && values.every((value) => typeof value === 'number')) {
    return { flat: values as readonly number[], inferredShape };
  }
  const flat: number[] = [];
  appendFlat(values, inferredShape, 0, [], flat);
  return { flat, inferredShape };
}

// The shape follows the first element at each depth; appendFlat then checks every other element.
function inferShape(values: readonly NestedArray[]): number[] {
  const shape: number[] = [];
  let level: NestedArray = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = (level as readonly NestedArray[])[0]!;
  }
  return shape;
}

function appendFlat(
  level: NestedArray,
  shape: readonly number[],
  depth: number,
  position: number[],
  flat: number[],
): void {
  if (depth === shape.length) {
    if (typeof level !== 'number') {
      const what = Array.isArray(level) ? `an array of length ${level.length}` : describeType(level);
      throw new Error(
        `tensor: element at ${formatPosition(position)} is ${what}, expected a number; ` +
          `nested arrays must be rectangular with shape [${shape.join(',')}] and contain only numbers`,
      );
    }
    flat.push(level);
    return;
  }

  if (!Array.isArray(level) || level.length !== shape[depth]) {
    const what = Array.isArray(level) ? `has length ${level.length}` : `is ${describeType(level)}`;
    throw new Error(
      `tensor: ragged nested array: the entry at ${formatPosition(position)} ${what}, expected an array ` +
        `of length ${shape[depth]} to match shape [${shape.join(',')}]; give every row the same length`,
    );
  }
  for (let i = 0; i < level.length; i++) {
    position.push(i);
    appendFlat((level as readonly NestedArray[])[i]!, shape, depth + 1, position, flat);
    position.pop();
  }
}

function formatPosition(position: readonly number[]): string {
  return position.length === 0 ? 'the top level' : `index [${position.join('][')}]`;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') return `a ${(value as object).constructor?.name ?? 'object'}`;
  return `the ${typeof value} ${JSON.stringify(value)}`;
}
