import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import type { Tensor } from '@fusegrad/core';

import { decodeSafetensors, type SafetensorsContent } from './decode.js';
import { encodeSafetensors } from './encode.js';

/**
 * Writes named tensors to a safetensors file, atomically.
 *
 * The bytes go to a temporary file in the same folder, which is flushed to disk
 * and then renamed over `path`. A crash or an error part-way leaves either the
 * old file or the new one, never a half-written file; the temporary file is
 * removed when writing fails.
 *
 * @param path - Destination file path, usually ending in `.safetensors`. Its folder must exist.
 * @param tensors - Tensors by name, float32 or float64, any shape (see {@link encodeSafetensors}).
 * @param metadata - Optional string-to-string map stored under `__metadata__`.
 * @returns A promise that resolves once the file is in place.
 * @throws Error from {@link encodeSafetensors} for invalid names or metadata, or an
 *   error naming `path` when the folder is missing or not writable.
 * @example
 * ```ts
 * import { saveSafetensors, loadSafetensors, Linear } from 'fusegrad';
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 *
 * const path = join(mkdtempSync(join(tmpdir(), 'fusegrad-')), 'linear.safetensors');
 * const layer = new Linear(4, 2);
 * await saveSafetensors(path, layer.stateDict(), { epoch: '3' });
 * const { tensors, metadata } = await loadSafetensors(path);
 * layer.loadStateDict(tensors);
 * console.log(metadata.epoch); // '3'
 * ```
 */
export async function saveSafetensors(
  path: string,
  tensors: Readonly<Record<string, Tensor>>,
  metadata?: Readonly<Record<string, string>>,
): Promise<void> {
  const bytes = encodeSafetensors(tensors, metadata);
  const temporaryPath = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);

  try {
    const handle = await open(temporaryPath, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporaryPath, path);
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw new Error(`saveSafetensors: could not write "${path}": ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Reads a safetensors file into tensors and metadata.
 *
 * @param path - File path.
 * @returns The tensors by name (float32 for `F32`, float64 for `F64`) and the `__metadata__` strings.
 * @throws Error naming `path` when the file cannot be read, or the validation
 *   error of {@link decodeSafetensors} (truncated file, header too large, unknown
 *   dtype, out-of-range or overlapping offsets) prefixed with `path`.
 * @example
 * ```ts
 * import { saveSafetensors, loadSafetensors, tensor } from 'fusegrad';
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 *
 * const path = join(mkdtempSync(join(tmpdir(), 'fusegrad-')), 'x.safetensors');
 * await saveSafetensors(path, { x: tensor([1, 2, 3]) });
 * const { tensors } = await loadSafetensors(path);
 * console.log(tensors.x.toArray()); // [1, 2, 3]
 * ```
 */
export async function loadSafetensors(path: string): Promise<SafetensorsContent> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new Error(`loadSafetensors: could not read "${path}": ${(error as Error).message}`, { cause: error });
  }
  try {
    return decodeSafetensors(bytes);
  } catch (error) {
    throw new Error(`loadSafetensors: "${path}": ${(error as Error).message}`, { cause: error });
  }
}
