/**
 * `@fusegrad/core`: tensors, creation functions, seeded random numbers, memory accounting, shape
 * helpers, forward kernels and the gpu.js backend selection.
 *
 * @packageDocumentation
 */
export * from './backend/index.js';
export type { DType, NestedArray, TensorLike, TypedArray } from './types.js';
export { Tensor, type GradNode, type TensorConstructorOptions } from './tensor.js';
export { memory, resetPeakMemory, type MemoryInfo } from './memory.js';
export { keep, tidy } from './tidy.js';

export { tensor, type TensorOptions } from './creation/tensor.js';
export type { CreationOptions, RandomOptions } from './creation/options.js';
export { full, ones, onesLike, zeros, zerosLike } from './creation/full.js';
export { arange } from './creation/arange.js';
export { eye } from './creation/eye.js';
export { randn, uniform } from './creation/random.js';

export { Generator } from './random/generator.js';
export { defaultSeed, getDefaultGenerator, manualSeed } from './random/default-generator.js';

export { broadcastShapes } from './shape/broadcast-shapes.js';
export { normalizeAxes, normalizeAxis } from './shape/axes.js';
export { shapeSize, shapesEqual, stridesOf } from './shape/strides.js';
export { formatShape } from './shape/format-shape.js';

export * as kernels from './kernels/index.js';
