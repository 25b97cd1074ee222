import { readFileSync } from 'node:fs';

/** One reference case from `fixtures/jsd-vectors.json`. */
export interface JsdVectorCase {
  readonly name: string;
  readonly shape: readonly [number, number];
  readonly beta: number;
  readonly studentLogProbs: Float32Array;
  readonly teacherLogProbs: Float32Array;
  readonly expectedLoss: number;
  readonly expectedGrad: Float64Array;
  /** float64 bounds, for the reference. */
  readonly rtol: number;
  readonly atol: number;
  /** float32 bounds on the gradient, for float32 implementations. */
  readonly gradRtol32: number;
  readonly gradAtol32: number;
}

type Encoded = (number | string)[] | { dtype: 'float32' | 'float64'; b64: string };

interface RawCase {
  name: string;
  shape: [number, number];
  params: { beta: number };
  inputs: { X: Encoded; Y: Encoded };
  expected: { loss: number | string; grad: Encoded };
  tolerance: { float64: { rtol: number; atol: number }; float32: { grad: { rtol: number; atol: number } } };
}

function decode(encoded: Encoded): Float64Array {
  if (Array.isArray(encoded)) return Float64Array.from(encoded, (value) => Number(value));
  const bytes = Buffer.from(encoded.b64, 'base64');
  const aligned = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  return Float64Array.from(encoded.dtype === 'float32' ? new Float32Array(aligned) : new Float64Array(aligned));
}

/**
 * Loads the PyTorch float64 JSD reference cases copied into `fixtures/`.
 *
 * @returns Every case, with inputs as Float32Array (they are exact float32 values) and float64 expectations.
 */
export function loadJsdVectors(): JsdVectorCase[] {
  const path = new URL('../../fixtures/jsd-vectors.json', import.meta.url);
  const file = JSON.parse(readFileSync(path, 'utf8')) as { cases: RawCase[] };
  return file.cases.map((raw) => ({
    name: raw.name,
    shape: raw.shape,
    beta: raw.params.beta,
    studentLogProbs: Float32Array.from(decode(raw.inputs.X)),
    teacherLogProbs: Float32Array.from(decode(raw.inputs.Y)),
    expectedLoss: Number(raw.expected.loss),
    expectedGrad: decode(raw.expected.grad),
    rtol: raw.tolerance.float64.rtol,
    atol: raw.tolerance.float64.atol,
    gradRtol32: raw.tolerance.float32.grad.rtol,
    gradAtol32: raw.tolerance.float32.grad.atol,
  }));
}
