import type { Tensor } from './tensor.js';

/** Element type of a tensor's storage. */
export type DType = 'float32' | 'float64';

/** Storage of a tensor: a `Float32Array` for float32, a `Float64Array` for float64. */
export type TypedArray = Float32Array | Float64Array;

/** A number, or arrays of numbers nested to any depth, such as `[[1, 2], [3, 4]]`. */
export type NestedArray = number | readonly NestedArray[];

/** Any value that {@link tensor} accepts: a tensor, a number, nested arrays or a typed array. */
export type TensorLike = Tensor | number | NestedArray | TypedArray;
