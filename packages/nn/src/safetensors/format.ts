import type { DType } from '@fusegrad/core';

/** Bytes taken by the little-endian unsigned 64-bit header length at the start of a file. */
export const HEADER_LENGTH_BYTES = 8;

/**
 * Largest JSON header accepted, in bytes. The reference `safetensors` library
 * rejects headers above the same 100,000,000 bytes, so a file this package
 * writes is one that library also reads.
 */
export const MAX_HEADER_BYTES = 100_000_000;

/** The safetensors dtype names this package reads and writes, with their fusegrad dtype and byte width. */
export const SUPPORTED_DTYPES: Readonly<Record<string, { dtype: DType; bytes: number }>> = {
  F32: { dtype: 'float32', bytes: 4 },
  F64: { dtype: 'float64', bytes: 8 },
};

/** Dtype names that the safetensors format defines but this package cannot hold in a tensor. */
export const UNSUPPORTED_DTYPES: readonly string[] = [
  'BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'I64', 'U64',
];

/** Returns the safetensors dtype name for a fusegrad dtype. */
export function safetensorsDtypeName(dtype: DType): 'F32' | 'F64' {
  return dtype === 'float64' ? 'F64' : 'F32';
}
