import type { Tensor } from '@fusegrad/core';

import { HEADER_LENGTH_BYTES, MAX_HEADER_BYTES, safetensorsDtypeName } from './format.js';

/**
 * Encodes named tensors and optional string metadata as the bytes of a safetensors file.
 *
 * The layout is the one the `safetensors` library reads: an 8-byte little-endian
 * header length, a UTF-8 JSON header padded with spaces to a multiple of 8
 * bytes, then each tensor's little-endian row-major data, in the order of
 * `tensors`' keys, with no gaps. float32 tensors are stored as `F32`, float64
 * as `F64`. The tensors are only read.
 *
 * @param tensors - Tensors by name, any shape, float32 or float64. The name
 *   `__metadata__` is reserved by the format.
 * @param metadata - Optional string-to-string map stored under `__metadata__`.
 * @returns The file's bytes.
 * @throws Error if a name is empty or `__metadata__`, a metadata value is not a
 *   string, or the header would exceed 100,000,000 bytes.
 * @example
 * ```ts
 * import { encodeSafetensors, decodeSafetensors, tensor } from 'fusegrad';
 *
 * const bytes = encodeSafetensors({ weight: tensor([[1, 2], [3, 4]]) }, { format: 'pt' });
 * const { tensors } = decodeSafetensors(bytes);
 * console.log(tensors.weight.shape); // [2, 2]
 * ```
 */
export function encodeSafetensors(
  tensors: Readonly<Record<string, Tensor>>,
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) {
    header.__metadata__ = checkedMetadata(metadata);
  }

  const names = Object.keys(tensors);
  let dataBytes = 0;
  for (const name of names) {
    checkTensorName(name);
    const tensor = tensors[name]!;
    const itemBytes = tensor.dtype === 'float64' ? 8 : 4;
    const begin = dataBytes;
    dataBytes += tensor.size * itemBytes;
    header[name] = {
      dtype: safetensorsDtypeName(tensor.dtype),
      shape: [...tensor.shape],
      data_offsets: [begin, dataBytes],
    };
  }

  const headerBytes = paddedHeader(JSON.stringify(header));
  const bytes = new Uint8Array(HEADER_LENGTH_BYTES + headerBytes.length + dataBytes);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  bytes.set(headerBytes, HEADER_LENGTH_BYTES);

  // DataView writes little-endian whatever the host's byte order is.
  let offset = HEADER_LENGTH_BYTES + headerBytes.length;
  for (const name of names) {
    const tensor = tensors[name]!;
    const values = tensor.data;
    if (tensor.dtype === 'float64') {
      for (let i = 0; i < values.length; i++, offset += 8) view.setFloat64(offset, values[i]!, true);
    } else {
      for (let i = 0; i < values.length; i++, offset += 4) view.setFloat32(offset, values[i]!, true);
    }
  }
  return bytes;
}

function checkedMetadata(metadata: Readonly<Record<string, string>>): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') {
      throw new Error(
        `encodeSafetensors: metadata value for "${key}" is a ${typeof value}; ` +
          'the safetensors format stores only string values, so convert it with String() or JSON.stringify()',
      );
    }
    copy[key] = value;
  }
  return copy;
}

function checkTensorName(name: string): void {
  if (name === '') {
    throw new Error('encodeSafetensors: a tensor has an empty name; give every tensor a non-empty name');
  }
  if (name === '__metadata__') {
    throw new Error(
      'encodeSafetensors: "__metadata__" is reserved for the metadata map; rename the tensor',
    );
  }
}

// Spaces after the JSON keep the data section 8-byte aligned, as the reference writer does.
function paddedHeader(json: string): Uint8Array {
  const encoded = new TextEncoder().encode(json);
  const paddedLength = Math.ceil(encoded.length / 8) * 8;
  if (paddedLength > MAX_HEADER_BYTES) {
    throw new Error(
      `encodeSafetensors: header is ${paddedLength} bytes, above the format's limit of ${MAX_HEADER_BYTES}; ` +
        'split the tensors over several files',
    );
  }
  const padded = new Uint8Array(paddedLength).fill(0x20);
  padded.set(encoded);
  return padded;
}
