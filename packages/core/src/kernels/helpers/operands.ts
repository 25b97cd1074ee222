import { formatShape } from '../../shape/format-shape.js';
import { Tensor } from '../../tensor.js';
import type { DType, TypedArray } from '../../types.js';

/** Storage and shape of a kernel input; a number becomes a scalar operand. */
export interface Operand {
  readonly data: TypedArray;
  readonly shape: readonly number[];
  /** `null` for a plain number, which does not take part in dtype promotion. */
  readonly dtype: DType | null;
}

/** Checks that `value` is a live tensor and returns it. */
export function requireTensor(operation: string, name: string, value: unknown): Tensor {
  if (!(value instanceof Tensor)) {
    throw new Error(`${operation}: ${name} must be a Tensor, got ${describe(value)}; create one with tensor(values)`);
  }
  if (value.isDisposed) {
    throw new Error(
      `${operation}: ${name} (tensor ${value.id}, shape ${formatShape(value.shape)}) was disposed; ` +
        'keep inputs alive until the op has run',
    );
  }
  return value;
}

/** Converts a tensor or a number into an operand, checking the tensor is live. */
export function toOperand(operation: string, name: string, value: Tensor | number): Operand {
  if (typeof value === 'number') return { data: new Float64Array([value]), shape: [], dtype: null };
  const checked = requireTensor(operation, name, value);
  return { data: checked.data, shape: checked.shape, dtype: checked.dtype };
}

/** Returns float64 if any tensor operand is float64, else float32. Plain numbers do not count. */
export function resultDType(...operands: { readonly dtype: DType | null }[]): DType {
  for (const operand of operands) if (operand.dtype === 'float64') return 'float64';
  return 'float32';
}

/** Allocates zeroed storage of the given dtype. */
export function allocate(dtype: DType, size: number): TypedArray {
  return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an Array';
  if (typeof value === 'object') return `a ${(value as object).constructor?.name ?? 'object'}`;
  return `the ${typeof value} ${String(value)}`;
}
