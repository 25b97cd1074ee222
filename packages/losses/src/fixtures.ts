import { readFileSync } from 'node:fs';

/** An encoded array in a reference-vector file: a JSON list, or base64 little-endian IEEE bytes. */
type EncodedArray = (number | string)[] | { dtype: 'float32' | 'float64'; b64: string };

/** One case of a reference-vector file, with its arrays decoded. */
export interface ReferenceCase {
  readonly name: string;
  readonly op: string;
  readonly params: Record<string, number | string | boolean>;
  readonly shape: readonly [number, number];
  readonly inputs: Record<string, Float64Array | Float32Array>;
  readonly expected: { loss: number; grad: Float64Array | Float32Array; rowsCounted: number | null };
  readonly tolerance: {
    readonly loss: { rtol: number; atol: number };
    readonly grad: { rtol: number; atol: number };
  };
  readonly tags: readonly string[];
}

/** Reads a reference-vector file from this package's `fixtures/` folder. */
export function loadReferenceCases(fileName: string): ReferenceCase[] {
  const path = new URL(`../fixtures/${fileName}`, import.meta.url);
  const document = JSON.parse(readFileSync(path, 'utf8')) as { cases: RawCase[] };

  return document.cases.map((raw) => ({
    name: raw.name,
    op: raw.op,
    params: raw.params,
    shape: raw.shape,
    inputs: Object.fromEntries(Object.entries(raw.inputs).map(([key, value]) => [key, decodeArray(value)])),
    expected: {
      loss: Number(raw.expected.loss),
      grad: decodeArray(raw.expected.grad),
      rowsCounted: raw.expected.rows_counted ?? null,
    },
    tolerance: raw.tolerance.float32,
    tags: raw.tags,
  }));
}

interface RawCase {
  name: string;
  op: string;
  params: Record<string, number | string | boolean>;
  shape: [number, number];
  inputs: Record<string, EncodedArray>;
  expected: { loss: number | string; grad: EncodedArray; rows_counted?: number };
  tolerance: { float32: ReferenceCase['tolerance'] };
  tags: string[];
}

function decodeArray(encoded: EncodedArray): Float64Array | Float32Array {
  if (Array.isArray(encoded)) return Float64Array.from(encoded, (value) => Number(value));

  const bytes = Buffer.from(encoded.b64, 'base64');
  // Copy into a fresh buffer, because a Buffer's byteOffset need not be aligned for typed arrays.
  const aligned = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  return encoded.dtype === 'float32' ? new Float32Array(aligned) : new Float64Array(aligned);
}

/**
 * Returns the index and values of the first element outside `|actual - expected| <= atol + rtol * |expected|`,
 * where infinite expected values must match exactly, or null when every element is within it.
 */
export function firstMismatch(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: { rtol: number; atol: number },
): { index: number; actual: number; expected: number } | null {
  for (let index = 0; index < expected.length; index++) {
    const want = expected[index]!;
    const got = actual[index]!;
    const within = Number.isFinite(want) ? Math.abs(got - want) <= tolerance.atol + tolerance.rtol * Math.abs(want) : got === want;
    if (!within) return { index, actual: got, expected: want };
  }
  return null;
}
