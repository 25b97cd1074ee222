import { type DType, Tensor, tensor, type TensorLike } from '@fusegrad/core';

/**
 * Converts an operand to a tensor. Numbers and nested arrays get `dtype`, so a JavaScript number
 * does not promote a float32 tensor to float64 (as Python scalars do not in PyTorch).
 *
 * @internal
 */
export function asTensor(value: TensorLike, dtype?: DType): Tensor {
  if (value instanceof Tensor) return value;
  if (value instanceof Float32Array || value instanceof Float64Array) return tensor(value);
  return dtype === undefined ? tensor(value) : tensor(value, { dtype });
}

/**
 * Converts the operands of a binary op to tensors, giving non-tensor operands the dtype of the
 * tensor operand.
 *
 * @internal
 */
export function asTensorPair(a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  const dtype = a instanceof Tensor ? a.dtype : b instanceof Tensor ? b.dtype : undefined;
  return [asTensor(a, dtype), asTensor(b, dtype)];
}

/**
 * Builds a scalar tensor of the given dtype.
 *
 * @internal
 */
export function scalar(value: number, dtype: DType): Tensor {
  return tensor(value, { dtype });
}
