import { Tensor } from '@fusegrad/core';

import { HEADER_LENGTH_BYTES, MAX_HEADER_BYTES, SUPPORTED_DTYPES, UNSUPPORTED_DTYPES } from './format.js';

/** The content of a safetensors file: tensors by name, in header order, and the `__metadata__` strings. */
export interface SafetensorsContent {
  /** Tensors by name. Each owns fresh storage, float32 for `F32` and float64 for `F64`. */
  tensors: Record<string, Tensor>;
  /** The `__metadata__` map, or an empty object when the file has none. */
  metadata: Record<string, string>;
}

interface Entry {
  name: string;
  dtypeName: string;
  shape: number[];
  begin: number;
  end: number;
}

/**
 * Decodes the bytes of a safetensors file into tensors and metadata.
 *
 * The whole file is validated before any tensor is built, with the rules of the
 * reference `safetensors` library: the header must fit in the file and be at
 * most 100,000,000 bytes of JSON, every dtype must be known, and the tensors'
 * byte ranges must match their shapes and cover the data section exactly, with
 * no overlap, gap or trailing byte.
 *
 * @param bytes - The whole file.
 * @returns The tensors (new storage, not views of `bytes`) and the metadata.
 * @throws Error naming the problem and the tensor when the file is truncated, the
 *   header is too large or not a JSON object, a dtype is unknown or not `F32`/`F64`,
 *   a shape is invalid, or byte ranges are out of range, overlapping or mis-sized.
 * @example
 * ```ts
 * import { encodeSafetensors, decodeSafetensors, tensor } from 'fusegrad';
 *
 * const bytes = encodeSafetensors({ bias: tensor([0.5, -0.5]) });
 * const { tensors, metadata } = decodeSafetensors(bytes);
 * console.log(tensors.bias.toArray(), metadata); // [0.5, -0.5] {}
 * ```
 */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsContent {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = readHeaderLength(view);
  const dataStart = HEADER_LENGTH_BYTES + headerLength;
  const dataLength = bytes.byteLength - dataStart;

  const header = parseHeader(bytes.subarray(HEADER_LENGTH_BYTES, dataStart));
  const metadata = readMetadata(header);
  const entries = Object.keys(header)
    .filter((name) => name !== '__metadata__')
    .map((name) => readEntry(name, header[name]));
  checkLayout(entries, dataLength);

  const tensors: Record<string, Tensor> = {};
  for (const entry of entries) {
    tensors[entry.name] = readTensor(view, dataStart, entry);
  }
  return { tensors, metadata };
}

function readHeaderLength(view: DataView): number {
  if (view.byteLength < HEADER_LENGTH_BYTES) {
    throw new Error(
      `decodeSafetensors: file is truncated: it has ${view.byteLength} bytes, but the header length alone takes ` +
        `${HEADER_LENGTH_BYTES}; the file is not a complete safetensors file`,
    );
  }
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(MAX_HEADER_BYTES)) {
    throw new Error(
      `decodeSafetensors: header length is ${headerLength} bytes, above the limit of ${MAX_HEADER_BYTES}; ` +
        'the file is corrupt or not a safetensors file',
    );
  }
  const length = Number(headerLength);
  if (HEADER_LENGTH_BYTES + length > view.byteLength) {
    throw new Error(
      `decodeSafetensors: file is truncated: the header declares ${length} bytes, but only ` +
        `${view.byteLength - HEADER_LENGTH_BYTES} follow the header length; the file was cut short or is not a safetensors file`,
    );
  }
  return length;
}

function parseHeader(headerBytes: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    throw new Error('decodeSafetensors: header is not valid UTF-8; the file is corrupt or not a safetensors file');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `decodeSafetensors: header is not valid JSON (${(error as Error).message}); ` +
        'the file is corrupt or not a safetensors file',
    );
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new Error('decodeSafetensors: header is not a JSON object; the file is corrupt or not a safetensors file');
  }
  return header as Record<string, unknown>;
}

function readMetadata(header: Record<string, unknown>): Record<string, string> {
  const raw = header.__metadata__;
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error('decodeSafetensors: "__metadata__" is not a JSON object of strings; the file is corrupt');
  }
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') {
      throw new Error(
        `decodeSafetensors: metadata value for "${key}" is ${JSON.stringify(value)}, not a string; ` +
          'the safetensors format allows only string values',
      );
    }
    metadata[key] = value;
  }
  return metadata;
}

function readEntry(name: string, raw: unknown): Entry {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(`decodeSafetensors: entry for tensor "${name}" is not a JSON object with dtype, shape and data_offsets`);
  }
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;

  if (typeof dtype !== 'string') {
    throw new Error(`decodeSafetensors: tensor "${name}" has no dtype string; expected "F32" or "F64"`);
  }
  if (SUPPORTED_DTYPES[dtype] === undefined) {
    const known = UNSUPPORTED_DTYPES.includes(dtype);
    throw new Error(
      `decodeSafetensors: tensor "${name}" has ${known ? 'unsupported' : 'unknown'} dtype "${dtype}"; ` +
        'fusegrad reads only "F32" and "F64", so convert the tensor (for example with tensor.float() in PyTorch) before saving',
    );
  }
  if (!Array.isArray(shape) || !shape.every(isNonNegativeInteger)) {
    throw new Error(
      `decodeSafetensors: tensor "${name}" has shape ${JSON.stringify(shape)}; ` +
        'expected an array of non-negative integers',
    );
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every(isNonNegativeInteger) ||
    offsets[0] > offsets[1]
  ) {
    throw new Error(
      `decodeSafetensors: tensor "${name}" has data_offsets ${JSON.stringify(offsets)}; ` +
        'expected [begin, end] with non-negative integers and begin <= end',
    );
  }
  return { name, dtypeName: dtype, shape: shape as number[], begin: offsets[0], end: offsets[1] };
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

// The data section must be tiled exactly: sorted by begin, each range starts where the previous ended.
function checkLayout(entries: readonly Entry[], dataLength: number): void {
  for (const entry of entries) {
    const elementCount = entry.shape.reduce((product, dimension) => product * dimension, 1);
    const expectedBytes = elementCount * SUPPORTED_DTYPES[entry.dtypeName]!.bytes;
    if (entry.end - entry.begin !== expectedBytes) {
      throw new Error(
        `decodeSafetensors: tensor "${entry.name}" has data_offsets [${entry.begin}, ${entry.end}] ` +
          `(${entry.end - entry.begin} bytes), but shape [${entry.shape.join(', ')}] of ${entry.dtypeName} ` +
          `needs ${expectedBytes} bytes; the header is corrupt`,
      );
    }
    if (entry.end > dataLength) {
      throw new Error(
        `decodeSafetensors: tensor "${entry.name}" ends at byte ${entry.end} of the data section, ` +
          `which has only ${dataLength} bytes; the file is truncated or its header is corrupt`,
      );
    }
  }

  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expectedBegin = 0;
  let previous: Entry | null = null;
  for (const entry of sorted) {
    if (entry.begin < expectedBegin) {
      throw new Error(
        `decodeSafetensors: tensor "${entry.name}" at bytes [${entry.begin}, ${entry.end}] overlaps ` +
          `tensor "${previous!.name}" at [${previous!.begin}, ${previous!.end}]; the header is corrupt`,
      );
    }
    if (entry.begin > expectedBegin) {
      throw new Error(
        `decodeSafetensors: bytes [${expectedBegin}, ${entry.begin}] of the data section belong to no tensor ` +
          `(tensor "${entry.name}" starts at ${entry.begin}); the format requires the tensors to cover the data without gaps`,
      );
    }
    expectedBegin = entry.end;
    previous = entry;
  }
  if (expectedBegin !== dataLength) {
    throw new Error(
      `decodeSafetensors: data section has ${dataLength} bytes, but the tensors cover only ${expectedBegin}; ` +
        'the file has trailing bytes or a corrupt header',
    );
  }
}

function readTensor(view: DataView, dataStart: number, entry: Entry): Tensor {
  const { dtype, bytes } = SUPPORTED_DTYPES[entry.dtypeName]!;
  const count = (entry.end - entry.begin) / bytes;
  const offset = dataStart + entry.begin;
  if (dtype === 'float64') {
    const values = new Float64Array(count);
    for (let i = 0; i < count; i++) values[i] = view.getFloat64(offset + i * 8, true);
    return new Tensor(values, entry.shape);
  }
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = view.getFloat32(offset + i * 4, true);
  return new Tensor(values, entry.shape);
}
