/**
 * Loading and comparison of the PyTorch reference vectors in `fixtures/`,
 * shared by the fast-path tests.
 */
import { readFileSync } from 'node:fs';

/** Encoded array of a reference case: a JSON list, or base64 little-endian IEEE bytes. */
type EncodedArray = (number | string)[] | { dtype: 'float32' | 'float64'; b64: string };

/** Tolerance of one output. */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/** One reference case as stored in the fixture files. */
export interface ReferenceCase {
  name: string;
  op: string;
  params: Record<string, number | string>;
  shape: [number, number];
  inputs: Record<string, EncodedArray>;
  expected: { loss: number | string; grad: EncodedArray; rows_counted?: number };
  tolerance: { float32: { loss: Tolerance; grad: Tolerance } };
}

const fixturesDirectory = new URL('../../src/fast/fixtures/', import.meta.url);

/** Reads the cases of one fixture file, such as `jsd.json`. */
export function loadCases(file: string): ReferenceCase[] {
  const document = JSON.parse(readFileSync(new URL(file, fixturesDirectory), 'utf8')) as { cases: ReferenceCase[] };
  return document.cases;
}

/** Decodes an encoded array into float64 values. */
export function decode(encoded: EncodedArray): Float64Array {
  if (Array.isArray(encoded)) {
    return Float64Array.from(encoded, (value) => (typeof value === 'string' ? Number(value) : value));
  }
  const bytes = Buffer.from(encoded.b64, 'base64');
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  return encoded.dtype === 'float32' ? Float64Array.from(new Float32Array(copy)) : new Float64Array(copy);
}

/** Decodes an encoded array and rounds it to float32. */
export function decodeFloat32(encoded: EncodedArray): Float32Array {
  return Float32Array.from(decode(encoded));
}

/**
 * Compares actual with expected values elementwise under
 * `|actual - expected| <= atol + rtol * |expected|`, with exact equality for
 * infinite expected values.
 *
 * @returns A description of the worst violation, or null when all pass.
 */
export function findMismatch(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: Tolerance,
): string | null {
  if (actual.length !== expected.length) {
    return `length ${actual.length} vs expected ${expected.length}`;
  }
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const ok = Number.isFinite(e) ? Math.abs(a - e) <= tolerance.atol + tolerance.rtol * Math.abs(e) : a === e;
    if (!ok) {
      return `index ${i}: actual ${a}, expected ${e} (rtol ${tolerance.rtol}, atol ${tolerance.atol})`;
    }
  }
  return null;
}

/** Row weights of a batch-mean reduction: 1 / rowsCounted on counted rows, 0 on ignored ones. */
export function batchMeanWeights(labels: Float64Array | null, rows: number, ignoreIndex: number): Float32Array {
  const weights = new Float32Array(rows);
  let counted = 0;
  for (let r = 0; r < rows; r++) if (labels === null || labels[r] !== ignoreIndex) counted++;
  for (let r = 0; r < rows; r++) {
    if (labels === null || labels[r] !== ignoreIndex) weights[r] = 1 / counted;
  }
  return weights;
}
