import type { Generator } from '../random/generator.js';
import type { DType, TypedArray } from '../types.js';

/** Options shared by the creation functions. */
export interface CreationOptions {
  /** Element type. Default: `'float32'` (for `zerosLike`/`onesLike`: the model tensor's dtype). */
  dtype?: DType;
  /** Whether autograd should compute a gradient for the result. Default: `false`. */
  requiresGrad?: boolean;
}

/** Options of the random creation functions. */
export interface RandomOptions extends CreationOptions {
  /** Source of random numbers. Default: the generator that {@link manualSeed} reseeds. */
  generator?: Generator;
}

/**
 * Allocates zeroed storage of the requested dtype.
 *
 * @internal
 */
export function allocateStorage(operation: string, dtype: DType | undefined, size: number): TypedArray {
  if (dtype === undefined || dtype === 'float32') return new Float32Array(size);
  if (dtype === 'float64') return new Float64Array(size);
  throw new Error(`${operation}: dtype must be 'float32' or 'float64', got ${String(dtype)}`);
}
