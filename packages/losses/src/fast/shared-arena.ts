/**
 * Named typed arrays on SharedArrayBuffers that are reused across calls and
 * replaced only when a call needs more room than they have.
 */
import type { SharedSlice } from './protocol.js';

type ArrayKind = 'float32' | 'float64' | 'int32';

const BYTES: Record<ArrayKind, number> = { float32: 4, float64: 8, int32: 4 };

/** Shared scratch arrays of a {@link FastLossPool}, by name. */
export class SharedArena {
  readonly #buffers = new Map<string, SharedArrayBuffer>();
  #allocations = 0;

  /** Number of SharedArrayBuffers allocated so far. */
  get allocations(): number {
    return this.#allocations;
  }

  /** Total bytes held. */
  get bytes(): number {
    let total = 0;
    for (const buffer of this.#buffers.values()) total += buffer.byteLength;
    return total;
  }

  /** Returns a float32 view of `length` elements over the buffer named `name`. */
  float32(name: string, length: number): Float32Array {
    return new Float32Array(this.#reserve(name, 'float32', length), 0, length);
  }

  /** Returns a float64 view of `length` elements over the buffer named `name`. */
  float64(name: string, length: number): Float64Array {
    return new Float64Array(this.#reserve(name, 'float64', length), 0, length);
  }

  /** Returns an int32 view of `length` elements over the buffer named `name`. */
  int32(name: string, length: number): Int32Array {
    return new Int32Array(this.#reserve(name, 'int32', length), 0, length);
  }

  /** Drops every buffer. */
  clear(): void {
    this.#buffers.clear();
  }

  #reserve(name: string, kind: ArrayKind, length: number): SharedArrayBuffer {
    const key = `${name}:${kind}`;
    const needed = Math.max(length, 1) * BYTES[kind];
    let buffer = this.#buffers.get(key);
    if (buffer === undefined || buffer.byteLength < needed) {
      buffer = new SharedArrayBuffer(needed);
      this.#buffers.set(key, buffer);
      this.#allocations++;
    }
    return buffer;
  }
}

/** Describes a typed array for a job message (workers need it on a SharedArrayBuffer). */
export function toSharedSlice(array: Float32Array | Float64Array | Int32Array): SharedSlice {
  return { buffer: array.buffer, byteOffset: array.byteOffset, length: array.length };
}

/** Tells whether a typed array lives on a SharedArrayBuffer. */
export function isShared(array: Float32Array | Float64Array | Int32Array): boolean {
  return array.buffer instanceof SharedArrayBuffer;
}
