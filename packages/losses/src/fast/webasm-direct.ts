/**
 * Direct access to the WebAssembly memory of a gpu.js 2.24.1 `webasm`
 * kernel. Its public call copies the output into a fresh array and, for an
 * `Array(2)` return type, builds one typed-array view per element, which at
 * millions of elements costs more than the kernel. This module writes the
 * arguments into the module's memory, runs the exported cell loop, and reads
 * the output in place.
 *
 * It depends on private members of gpu.js's `WebAssemblyKernel` (version
 * 2.24.1, `src/backend/web-assembly/kernel.js`): `_active` (the instantiated
 * module for the current sizes: `layout`, `cells`, `f32`, `i32`, `run`,
 * `runSimd`, `sizeX`) and the static `dispatchSpans`. {@link checkWebAssemblyInternals}
 * verifies them; the package pins gpu.js to 2.24.1 and a test fails with its
 * message when they change.
 */

/** Offsets of one argument in the module memory, in bytes. */
interface ArgumentRecord {
  readonly offset: number;
  readonly flatLength?: number;
  readonly type?: string;
}

/** The private `_active` entry of a gpu.js `WebAssemblyKernel`. */
export interface WebAssemblyEntry {
  readonly layout: {
    readonly arrays: Readonly<Record<string, ArgumentRecord>>;
    readonly scalars: Readonly<Record<string, ArgumentRecord>>;
    readonly outputOffset: number;
  };
  readonly cells: number;
  readonly sizeX: number;
  readonly f32: Float32Array;
  readonly i32: Int32Array;
  readonly run: (start: number, end: number, seed: number) => void;
  readonly runSimd: ((start: number, end: number, seed: number) => void) | null;
}

interface WebAssemblyKernelInternals {
  readonly _active: WebAssemblyEntry | null;
  readonly constructor: {
    readonly name: string;
    dispatchSpans?: (
      run: WebAssemblyEntry['run'],
      runSimd: WebAssemblyEntry['runSimd'],
      cells: number,
      sizeX: number,
      seed: number,
    ) => string;
  };
}

/**
 * Lists what is missing from the gpu.js internals this module uses, for a
 * kernel that has run at least once.
 *
 * @param kernel - The inner kernel object (`shortcut.kernel`) of a `webasm`
 *   kernel after one public call.
 * @returns Human-readable problems; empty when every member is as expected.
 * @example
 * ```ts
 * import { checkWebAssemblyInternals, getGPU } from 'fusegrad';
 *
 * const double = getGPU('webasm').createKernel(function (values: number[]) {
 *   return values[this.thread.x] * 2;
 * }, { output: [4] });
 * double([1, 2, 3, 4]);
 * console.log(checkWebAssemblyInternals(double.kernel)); // []
 * ```
 */
export function checkWebAssemblyInternals(kernel: unknown): string[] {
  const problems: string[] = [];
  const internals = kernel as Partial<WebAssemblyKernelInternals> | null;
  if (internals === null || typeof internals !== 'object') {
    return ['the kernel is not an object'];
  }

  if (internals.constructor?.name !== 'WebAssemblyKernel') {
    problems.push(`the kernel class is ${String(internals.constructor?.name)}, expected WebAssemblyKernel`);
  }
  if (typeof internals.constructor?.dispatchSpans !== 'function') {
    problems.push('WebAssemblyKernel.dispatchSpans is not a function');
  }

  const entry = internals._active;
  if (entry === null || typeof entry !== 'object') {
    problems.push('kernel._active is not an object after a run');
    return problems;
  }
  if (!(entry.f32 instanceof Float32Array)) problems.push('kernel._active.f32 is not a Float32Array');
  if (!(entry.i32 instanceof Int32Array)) problems.push('kernel._active.i32 is not an Int32Array');
  if (typeof entry.run !== 'function') problems.push('kernel._active.run is not a function');
  if (entry.runSimd !== null && typeof entry.runSimd !== 'function') {
    problems.push('kernel._active.runSimd is neither null nor a function');
  }
  if (!Number.isInteger(entry.cells)) problems.push('kernel._active.cells is not an integer');
  if (!Number.isInteger(entry.sizeX)) problems.push('kernel._active.sizeX is not an integer');

  const layout = entry.layout;
  if (layout === null || typeof layout !== 'object') {
    problems.push('kernel._active.layout is not an object');
  } else {
    if (typeof layout.arrays !== 'object') problems.push('kernel._active.layout.arrays is not an object');
    if (typeof layout.scalars !== 'object') problems.push('kernel._active.layout.scalars is not an object');
    if (!Number.isInteger(layout.outputOffset)) problems.push('kernel._active.layout.outputOffset is not an integer');
  }
  return problems;
}

/**
 * Returns the instantiated module of a `webasm` kernel when it was built for
 * `cells` output cells, else null (the caller then makes one public call,
 * which instantiates the module for the new sizes).
 *
 * @param kernel - The inner kernel object (`shortcut.kernel`).
 * @param cells - Expected number of output cells (rows * V).
 * @returns The private entry, or null.
 * @throws Error naming the missing members when gpu.js's internals differ from 2.24.1's.
 */
export function activeWebAssemblyEntry(kernel: unknown, cells: number): WebAssemblyEntry | null {
  const entry = (kernel as WebAssemblyKernelInternals)._active;
  if (entry === null || entry === undefined) return null;
  const problems = checkWebAssemblyInternals(kernel);
  if (problems.length > 0) {
    throw new Error(
      `fast webasm path: gpu.js internals differ from version 2.24.1 (${problems.join('; ')}); ` +
        'install gpu.js 2.24.1 or choose the cpu fast path',
    );
  }
  return entry.cells === cells ? entry : null;
}

/**
 * Writes arguments into a module's memory and runs every cell, as the
 * kernel's public call would, without copying the output out.
 *
 * @param kernel - The inner kernel object whose `_active` entry is `entry`.
 * @param entry - From {@link activeWebAssemblyEntry}.
 * @param arrays - Flat row-major array arguments by kernel parameter name.
 * @param scalars - Number arguments by kernel parameter name.
 * @returns The output region of the module memory: `cells * components`
 *   float32 values, valid until the kernel runs again.
 */
export function runWebAssemblyDirect(
  kernel: unknown,
  entry: WebAssemblyEntry,
  arrays: Readonly<Record<string, Float32Array>>,
  scalars: Readonly<Record<string, number>>,
  components: number,
): Float32Array {
  const { layout, f32, i32 } = entry;
  for (const name of Object.keys(layout.arrays)) {
    const record = layout.arrays[name]!;
    const values = arrays[name];
    if (values === undefined || values.length !== record.flatLength) {
      throw new Error(
        `fast webasm path: argument ${name} has ${values?.length} values, the module expects ${record.flatLength}`,
      );
    }
    f32.set(values, record.offset / 4);
  }
  for (const name of Object.keys(layout.scalars)) {
    const record = layout.scalars[name]!;
    const value = scalars[name];
    if (value === undefined) {
      throw new Error(`fast webasm path: scalar argument ${name} is missing`);
    }
    if (record.type === 'Integer' || record.type === 'Boolean') {
      i32[record.offset / 4] = value | 0;
    } else {
      f32[record.offset / 4] = value;
    }
  }

  const dispatchSpans = (kernel as WebAssemblyKernelInternals).constructor.dispatchSpans!;
  dispatchSpans(entry.run, entry.runSimd, entry.cells, entry.sizeX, 0);

  const base = layout.outputOffset / 4;
  return f32.subarray(base, base + entry.cells * components);
}
