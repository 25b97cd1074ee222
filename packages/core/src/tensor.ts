import { formatValues } from './format.js';
import { recordAllocation, recordRelease } from './memory.js';
import type { DType, NestedArray, TypedArray } from './types.js';

/**
 * Node of the autograd graph that produced a tensor. `@fusegrad/autograd` creates these; core only
 * stores the reference.
 */
export interface GradNode {
  /** Name of the operation, such as `'MatMul'`, used in error messages. */
  readonly name: string;
}

/** Options of the {@link Tensor} constructor. */
export interface TensorConstructorOptions {
  /** Whether autograd should compute a gradient for this tensor. Default: `false`. */
  requiresGrad?: boolean;
}

const emptyStorage = new Float32Array(0);
let nextId = 1;

/**
 * A dense, row-major array of float32 or float64 numbers with a shape.
 *
 * The constructor takes ownership of `data` without copying; use {@link tensor} to create a
 * tensor from user values. Differentiable operations such as `add`, `matmul` and `backward`
 * become methods of this class when `@fusegrad/autograd` is imported (importing `fusegrad` does so).
 *
 * @example
 * ```ts
 * import { Tensor } from 'fusegrad';
 *
 * const x = new Tensor(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
 * console.log(x.shape, x.dtype); // [ 2, 3 ] float32
 * ```
 */
export class Tensor {
  /** Size of each dimension, outermost first. Frozen. */
  readonly shape: readonly number[];
  /** Element type, fixed by the storage array's type. */
  readonly dtype: DType;
  /** Number of elements: the product of `shape`, 1 for a scalar. */
  readonly size: number;
  /** Number of dimensions: 0 for a scalar. */
  readonly rank: number;
  /** Whether autograd computes a gradient for this tensor. */
  requiresGrad: boolean;
  /** Accumulated gradient of a leaf tensor after `backward()`, with the same shape; `null` before. */
  grad: Tensor | null = null;
  /** Graph node that produced this tensor, or `null` for leaves. Set by autograd. */
  gradFn: GradNode | null = null;
  /** Allocation counter value; later tensors have larger ids. */
  readonly id: number;

  #storage: TypedArray;
  #disposed = false;

  /**
   * Wraps `data` as a tensor of the given shape, taking ownership of the array.
   *
   * @param data - Row-major values, `Float32Array` (float32) or `Float64Array` (float64). The tensor
   *   keeps this array: the caller must not write to it afterwards.
   * @param shape - Dimensions, each a non-negative integer; `[]` for a scalar. Copied and frozen.
   * @param options - `requiresGrad` (default `false`).
   * @throws Error when `data` is not a `Float32Array` or `Float64Array`, when a dimension is
   *   negative or not an integer, or when `data.length` differs from the product of `shape`.
   */
  constructor(data: TypedArray, shape: readonly number[], options: TensorConstructorOptions = {}) {
    if (!(data instanceof Float32Array) && !(data instanceof Float64Array)) {
      throw new Error(
        `Tensor: data must be a Float32Array or Float64Array, got ${describeValue(data)}; ` +
          'use tensor(values) to convert numbers or nested arrays',
      );
    }
    const size = checkShape('Tensor', shape);
    if (data.length !== size) {
      throw new Error(
        `Tensor: data has ${data.length} elements but shape [${shape.join(',')}] needs ${size}; ` +
          'pass a shape whose dimensions multiply to the data length',
      );
    }

    this.shape = Object.freeze([...shape]);
    this.dtype = data instanceof Float64Array ? 'float64' : 'float32';
    this.size = size;
    this.rank = shape.length;
    this.requiresGrad = options.requiresGrad ?? false;
    this.id = nextId++;
    this.#storage = data;

    recordAllocation(this, data.byteLength);
  }

  /**
   * The storage array itself, row-major, not a copy. Callers must not write to it: other tensors
   * and saved autograd state may rely on its values.
   *
   * @throws Error when the tensor was disposed.
   */
  get data(): TypedArray {
    this.#assertAlive('data');
    return this.#storage;
  }

  /** Whether the tensor was created by the user rather than by a recorded operation. */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** Whether `dispose()` has released the storage. */
  get isDisposed(): boolean {
    return this.#disposed;
  }

  /**
   * Returns the single element of a one-element tensor as a number.
   *
   * @returns The value of the only element.
   * @throws Error when the tensor has more or fewer than one element, or was disposed.
   * @example
   * ```ts
   * import { tensor } from 'fusegrad';
   *
   * console.log(tensor([[2.5]]).item()); // 2.5
   * ```
   */
  item(): number {
    this.#assertAlive('item');
    if (this.size !== 1) {
      throw new Error(
        `Tensor.item: tensor of shape [${this.shape.join(',')}] has ${this.size} elements, expected 1; ` +
          'reduce it (for example with sum) or index one element first',
      );
    }
    return this.#storage[0]!;
  }

  /**
   * Copies the values into a new `Float32Array`, row-major.
   *
   * @returns A fresh array of length `size`; writing to it does not change the tensor.
   * @throws Error when the tensor was disposed.
   * @example
   * ```ts
   * import { tensor } from 'fusegrad';
   *
   * console.log(tensor([[1, 2], [3, 4]]).toFloat32Array()); // Float32Array(4) [ 1, 2, 3, 4 ]
   * ```
   */
  toFloat32Array(): Float32Array {
    this.#assertAlive('toFloat32Array');
    return Float32Array.from(this.#storage);
  }

  /**
   * Copies the values into a new `Float64Array`, row-major.
   *
   * @returns A fresh array of length `size`; writing to it does not change the tensor.
   * @throws Error when the tensor was disposed.
   * @example
   * ```ts
   * import { tensor } from 'fusegrad';
   *
   * console.log(tensor([0.5, 1]).toFloat64Array()); // Float64Array(2) [ 0.5, 1 ]
   * ```
   */
  toFloat64Array(): Float64Array {
    this.#assertAlive('toFloat64Array');
    return Float64Array.from(this.#storage);
  }

  /**
   * Copies the values into nested JavaScript arrays that follow the shape.
   *
   * @returns A number for a scalar, otherwise nested arrays of depth `rank`.
   * @throws Error when the tensor was disposed.
   * @example
   * ```ts
   * import { tensor } from 'fusegrad';
   *
   * console.log(tensor([1, 2, 3, 4], { shape: [2, 2] }).toArray()); // [ [ 1, 2 ], [ 3, 4 ] ]
   * ```
   */
  toArray(): NestedArray {
    this.#assertAlive('toArray');
    if (this.rank === 0) return this.#storage[0]!;
    return nestValues(this.#storage, this.shape, 0, 0);
  }

  /**
   * Releases the storage and removes its bytes from {@link memory}'s live count. Calling it again
   * does nothing. Afterwards, reading the values throws.
   *
   * @returns Nothing.
   * @example
   * ```ts
   * import { ones } from 'fusegrad';
   *
   * const x = ones([3]);
   * x.dispose();
   * console.log(x.isDisposed); // true
   * ```
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    recordRelease(this, this.#storage.byteLength);
    this.#storage = emptyStorage;
  }

  /**
   * Formats the tensor as `Tensor(shape=[2,2], dtype=float32, [[1, 2], [3, 4]])`. Long axes show
   * their first and last three entries.
   *
   * @returns A one-line description.
   */
  toString(): string {
    const header = `shape=[${this.shape.join(',')}], dtype=${this.dtype}`;
    const flags = this.requiresGrad ? ', requiresGrad=true' : '';
    if (this.#disposed) return `Tensor(${header}${flags}, disposed)`;
    return `Tensor(${header}${flags}, ${formatValues(this.#storage, this.shape)})`;
  }

  /** Formats the tensor for `console.log` and `util.inspect` in Node.js, like {@link Tensor.toString}. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  #assertAlive(operation: string): void {
    if (this.#disposed) {
      throw new Error(
        `Tensor.${operation}: tensor ${this.id} of shape [${this.shape.join(',')}] was disposed; ` +
          'keep a tensor alive (keep() inside tidy) while you still read it',
      );
    }
  }
}

/**
 * Checks that every dimension is a non-negative integer and returns the product.
 *
 * @internal
 */
export function checkShape(operation: string, shape: readonly number[]): number {
  if (!Array.isArray(shape)) {
    throw new Error(`${operation}: shape must be an array of integers, got ${describeValue(shape)}`);
  }
  let size = 1;
  for (let axis = 0; axis < shape.length; axis++) {
    const dim = shape[axis];
    if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 0) {
      throw new Error(
        `${operation}: shape [${shape.join(',')}] has invalid dimension ${String(dim)} at axis ${axis}; ` +
          'each dimension must be a non-negative integer',
      );
    }
    size *= dim;
  }
  return size;
}

function nestValues(data: TypedArray, shape: readonly number[], axis: number, offset: number): NestedArray[] {
  const length = shape[axis]!;
  const result: NestedArray[] = new Array(length);
  if (axis === shape.length - 1) {
    for (let i = 0; i < length; i++) result[i] = data[offset + i]!;
    return result;
  }

  let stride = 1;
  for (let a = axis + 1; a < shape.length; a++) stride *= shape[a]!;
  for (let i = 0; i < length; i++) result[i] = nestValues(data, shape, axis + 1, offset + i * stride);
  return result;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an Array';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return `${typeof value} ${String(value)}`;
}
