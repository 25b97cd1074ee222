import { mkdtemp, readdir, readFile, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import test from 'ava';
import fc from 'fast-check';

import { Tensor, tensor } from '@fusegrad/core';

import { decodeSafetensors } from './decode.js';
import { encodeSafetensors } from './encode.js';
import { loadSafetensors, saveSafetensors } from './file.js';

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));

async function temporaryFolder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'fusegrad-nn-'));
}

// Builds a file from a header object and a data section, for the corrupt-file cases.
function fileWith(header: unknown, data: Uint8Array = new Uint8Array(0), headerLength?: bigint): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const bytes = new Uint8Array(8 + json.length + data.length);
  new DataView(bytes.buffer).setBigUint64(0, headerLength ?? BigInt(json.length), true);
  bytes.set(json, 8);
  bytes.set(data, 8 + json.length);
  return bytes;
}

test('encode matches spec bytes', (t) => {
  const bytes = encodeSafetensors(
    { a: tensor(new Float32Array([1, -2])), b: tensor(new Float64Array([0.5]), { shape: [1, 1] }) },
    { format: 'pt' },
  );

  // The JSON is 141 bytes, so 3 spaces pad it to 144 = 0x90, the next multiple of 8.
  const json =
    '{"__metadata__":{"format":"pt"},' +
    '"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},' +
    '"b":{"dtype":"F64","shape":[1,1],"data_offsets":[8,16]}}';
  t.is(json.length, 141);
  const expectedHeader = [...new TextEncoder().encode(json + '   ')];
  const expected = [
    0x90, 0, 0, 0, 0, 0, 0, 0, // header length 144, u64 little-endian
    ...expectedHeader,
    0x00, 0x00, 0x80, 0x3f, // 1.0f32 = 0x3f800000, little-endian
    0x00, 0x00, 0x00, 0xc0, // -2.0f32 = 0xc0000000
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xe0, 0x3f, // 0.5f64 = 0x3fe0000000000000
  ];
  t.is(bytes.length, 8 + 144 + 16);
  t.deepEqual([...bytes], expected);
});

test('encode pads header to 8 bytes', (t) => {
  t.notThrows(() =>
    fc.assert(
    fc.property(fc.string({ minLength: 1, maxLength: 20 }), (name) => {
      fc.pre(name !== '__metadata__');
      const bytes = encodeSafetensors({ [name]: tensor([1]) });
      const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
      return headerLength % 8 === 0 && bytes.length === 8 + headerLength + 4;
      }),
    ),
  );
});

test('decode reads reference file', async (t) => {
  const bytes = await readFile(join(fixtures, 'reference-numpy.safetensors'));
  const { tensors, metadata } = decodeSafetensors(bytes);

  t.deepEqual(Object.keys(tensors), ['bias', 'scalar', 'weight']);
  t.deepEqual(metadata, { writer: 'safetensors 0.8.0' });
  t.is(tensors.weight!.dtype, 'float32');
  t.deepEqual(tensors.weight!.shape, [2, 3]);
  t.deepEqual(tensors.weight!.toArray(), [[-1, -0.5, 0], [0.5, 1, 1.5]]);
  t.is(tensors.bias!.dtype, 'float64');
  t.deepEqual(tensors.bias!.toArray(), [0.25, -1.5, 3]);
  t.deepEqual(tensors.scalar!.shape, []);
  t.is(tensors.scalar!.item(), 7);
});

test('round trip keeps values and bytes', async (t) => {
  const folder = await temporaryFolder();
  const path = join(folder, 'model.safetensors');
  const tensors = {
    'layers.0.weight': tensor([[1.5, -2.25, 3], [4, 5, 6e-8]]),
    'layers.0.bias': tensor(new Float64Array([Math.PI, -Math.E])),
    scalar: tensor(42),
    empty: tensor(new Float32Array(0), { shape: [0, 3] }),
  };

  await saveSafetensors(path, tensors, { epoch: '3' });
  const written = await readFile(path);
  const loaded = await loadSafetensors(path);

  t.deepEqual([...written], [...encodeSafetensors(tensors, { epoch: '3' })]);
  t.deepEqual(loaded.metadata, { epoch: '3' });
  t.deepEqual(Object.keys(loaded.tensors), Object.keys(tensors));
  for (const [name, original] of Object.entries(tensors)) {
    const copy = loaded.tensors[name]!;
    t.is(copy.dtype, original.dtype, name);
    t.deepEqual(copy.shape, original.shape, name);
    t.deepEqual([...copy.data], [...original.data], name);
  }
  t.deepEqual(await readdir(folder), ['model.safetensors']);
});

test('round trip random tensors', (t) => {
  const shapeArbitrary = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 });
  const entryArbitrary = fc.record({
    shape: shapeArbitrary,
    float64: fc.boolean(),
    seed: fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
  });
  fc.assert(
    fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), entryArbitrary, { maxKeys: 4 }), (spec) => {
      const tensors: Record<string, Tensor> = {};
      for (const [name, entry] of Object.entries(spec)) {
        if (name === '__metadata__') continue;
        const size = entry.shape.reduce((product, dimension) => product * dimension, 1);
        const values = entry.float64 ? new Float64Array(size) : new Float32Array(size);
        for (let i = 0; i < size; i++) values[i] = entry.seed * (i + 1) - i * 0.1;
        tensors[name] = new Tensor(values, entry.shape);
      }
      const decoded = decodeSafetensors(encodeSafetensors(tensors)).tensors;
      t.deepEqual(Object.keys(decoded), Object.keys(tensors));
      for (const [name, original] of Object.entries(tensors)) {
        t.deepEqual(decoded[name]!.shape, original.shape);
        t.is(decoded[name]!.dtype, original.dtype);
        t.deepEqual([...decoded[name]!.data], [...original.data]);
      }
    }),
    { numRuns: 50 },
  );
});

test('encode rejects reserved name', (t) => {
  t.throws(() => encodeSafetensors({ __metadata__: tensor([1]) }), { message: /"__metadata__" is reserved/ });
  t.throws(() => encodeSafetensors({ '': tensor([1]) }), { message: /empty name/ });
});

test('encode rejects non-string metadata', (t) => {
  const metadata = { epoch: 3 } as unknown as Record<string, string>;
  t.throws(() => encodeSafetensors({ x: tensor([1]) }, metadata), { message: /metadata value for "epoch" is a number/ });
});

test('decode rejects truncated files', (t) => {
  t.throws(() => decodeSafetensors(new Uint8Array(5)), { message: /truncated: it has 5 bytes/ });

  const valid = encodeSafetensors({ x: tensor([1, 2, 3]) });
  t.throws(() => decodeSafetensors(valid.subarray(0, 20)), { message: /truncated: the header declares/ });
  t.throws(() => decodeSafetensors(valid.subarray(0, valid.length - 1)), {
    message: /tensor "x" ends at byte 12 of the data section, which has only 11 bytes/,
  });
});

test('decode rejects huge header length', (t) => {
  const bytes = fileWith({}, new Uint8Array(0), 1n << 40n);
  t.throws(() => decodeSafetensors(bytes), { message: /header length is 1099511627776 bytes, above the limit/ });
});

test('decode rejects invalid header JSON', (t) => {
  const bytes = new Uint8Array([4, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0x22, 0x61, 0x3a]);
  t.throws(() => decodeSafetensors(bytes), { message: /header is not valid JSON/ });
  t.throws(() => decodeSafetensors(fileWith([1, 2])), { message: /header is not a JSON object/ });
});

test('decode rejects unknown dtypes', (t) => {
  const data = new Uint8Array(4);
  t.throws(() => decodeSafetensors(fileWith({ x: { dtype: 'Q7', shape: [1], data_offsets: [0, 4] } }, data)), {
    message: /tensor "x" has unknown dtype "Q7"/,
  });
  t.throws(() => decodeSafetensors(fileWith({ x: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } }, data)), {
    message: /tensor "x" has unsupported dtype "F16"/,
  });
});

test('decode rejects bad offsets', (t) => {
  const data = new Uint8Array(16);
  const cases: [string, unknown, RegExp][] = [
    [
      'overlap',
      {
        a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
        b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
        c: { dtype: 'F32', shape: [1], data_offsets: [12, 16] },
      },
      /tensor "b" at bytes \[4, 12\] overlaps tensor "a" at \[0, 8\]/,
    ],
    [
      'gap',
      { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [1], data_offsets: [12, 16] } },
      /bytes \[8, 12\] of the data section belong to no tensor/,
    ],
    [
      'out of range',
      { a: { dtype: 'F64', shape: [3], data_offsets: [0, 24] } },
      /tensor "a" ends at byte 24 of the data section, which has only 16 bytes/,
    ],
    [
      'size mismatch',
      { a: { dtype: 'F32', shape: [3], data_offsets: [0, 16] } },
      /shape \[3\] of F32 needs 12 bytes/,
    ],
    ['trailing bytes', { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, /data section has 16 bytes, but the tensors cover only 8/],
    ['reversed', { a: { dtype: 'F32', shape: [0], data_offsets: [8, 0] } }, /data_offsets \[8,0\]/],
    ['negative shape', { a: { dtype: 'F32', shape: [-4], data_offsets: [0, 16] } }, /shape \[-4\]/],
  ];
  for (const [name, header, message] of cases) {
    t.throws(() => decodeSafetensors(fileWith(header, data)), { message }, name);
  }
});

test('decode rejects non-string metadata', (t) => {
  t.throws(() => decodeSafetensors(fileWith({ __metadata__: { epoch: 3 } })), {
    message: /metadata value for "epoch" is 3, not a string/,
  });
});

test('load names path of corrupt file', async (t) => {
  const folder = await temporaryFolder();
  const path = join(folder, 'broken.safetensors');
  await writeFile(path, new Uint8Array(3));

  await t.throwsAsync(loadSafetensors(path), { message: new RegExp(`loadSafetensors: "${path}": .*truncated`) });
  await t.throwsAsync(loadSafetensors(join(folder, 'absent.safetensors')), { message: /could not read .*absent\.safetensors/ });
});

test('failed save leaves no file', async (t) => {
  const folder = await temporaryFolder();
  // A directory in the target's place makes the final rename fail after the temporary file was written.
  const path = join(folder, 'model.safetensors');
  await mkdir(path);

  await t.throwsAsync(saveSafetensors(path, { x: tensor([1]) }), { message: /saveSafetensors: could not write/ });
  t.deepEqual(await readdir(folder), ['model.safetensors']);
  t.deepEqual(await readdir(path), []);
  await t.throwsAsync(saveSafetensors(join(folder, 'missing', 'x.safetensors'), { x: tensor([1]) }), {
    message: /could not write .*missing/,
  });
});

test('save replaces existing file', async (t) => {
  const folder = await temporaryFolder();
  const path = join(folder, 'model.safetensors');
  await saveSafetensors(path, { x: tensor([1, 2]) });
  await saveSafetensors(path, { y: tensor([3]) });

  const { tensors } = await loadSafetensors(path);
  t.deepEqual(Object.keys(tensors), ['y']);
  t.deepEqual(await readdir(folder), ['model.safetensors']);
});
