/**
 * `@fusegrad/core`: tensors, creation functions, seeded random numbers, memory accounting, shape
 * helpers, forward kernels and the gpu.js backend selection.
 *
 * @packageDocumentation
 */
export * from './backend/index.js';
export type { DType, NestedArray, TensorLike, TypedArray } from './types.js';
export { Tensor, type GradNode, type TensorConstructorOptions } from './tensor.js';
export { tensor, type TensorOptions } from './creation/tensor.js';
export { memory, resetPeakMemory, type MemoryInfo } from './memory.js';
export { keep, tidy } from './tidy.js';
