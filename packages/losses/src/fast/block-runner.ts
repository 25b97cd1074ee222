/**
 * Runs the fast loss kernels over a block of rows in the calling thread.
 * Worker threads each own one `BlockRunner`; the headlessgl backend, whose
 * native GL binding only loads on the main thread, uses one there directly.
 */
import { recordKernelRun } from '@fusegrad/core';
import { GPU, Input } from 'gpu.js';
import type { IKernelRunShortcut, KernelOutput } from 'gpu.js';

import { findFirstNaN } from '../find-first-nan.js';
import { createPow2Table } from './fast-math.js';
import {
  JSD_KIND_FORWARD_KL,
  JSD_KIND_MIXTURE,
  JSD_KIND_REVERSE_KL,
  JSD_MAP_KERNEL_SOURCE,
  JSD_PAIR_KERNEL_SOURCE,
  jsdLossTerm,
  SOFTMAX_NUMERATOR_KERNEL_SOURCE,
} from './kernels.js';
import { activeWebAssemblyEntry, runWebAssemblyDirect } from './webasm-direct.js';
import type { WebAssemblyEntry } from './webasm-direct.js';

/** gpu.js backends that the fast path runs on. */
export type FastBackend = 'cpu' | 'webasm' | 'headlessgl';

/** Meaning of beta = 0 and beta = 1: the KL end points (fusegrad's JSD), or the mixture formula, which is 0 there. */
export type JsdConvention = 'klEndpoints' | 'mixture';

/** One JSD block: flat row-major `[rows, vocabSize]` views plus per-row arrays. */
export interface JsdBlock {
  readonly input: Float32Array;
  readonly target: Float32Array;
  readonly rowWeights: Float32Array;
  readonly gradient: Float32Array;
  readonly rowLosses: Float64Array;
  readonly rows: number;
  readonly vocabSize: number;
  readonly beta: number;
  readonly convention: JsdConvention;
}

/** One cross-entropy block: flat `[rows, vocabSize]` logits and gradient, per-row targets, weights and losses. */
export interface CrossEntropyBlock {
  readonly logits: Float32Array;
  readonly targets: Int32Array;
  readonly rowWeights: Float32Array;
  readonly gradient: Float32Array;
  readonly rowLosses: Float64Array;
  readonly rows: number;
  readonly vocabSize: number;
  readonly labelSmoothing: number;
}

/**
 * Result of one block. A block stops at the first row that contains a NaN
 * input, so rows after it have no gradient or loss.
 */
export interface BlockOutcome {
  /** Sum over rows of weight * row loss, in float64; NaN when a NaN input was found. */
  readonly weightedLoss: number;
  /** Flat index within the block of the first NaN input, or -1 when there is none. */
  readonly nanIndex: number;
  /** The argument that contains that NaN: 0 for the first (input, logits), 1 for the second (target). */
  readonly nanArgument: number;
}

/** Elements per kernel launch: small enough for the arguments and output to stay in the CPU caches. */
const CHUNK_ELEMENTS = 1 << 18;

/** Kernels cached per shape on the backends whose kernels are built for one shape. */
const SHAPE_CACHE_LIMIT = 4;

/** Log of 0 as passed to kernels: finite, because a GL uniform of -Infinity is not reliable. */
const LOG_ZERO = -1e30;

const EXPECTED_KERNEL_CLASS: Record<FastBackend, string> = {
  cpu: 'CPUKernel',
  webasm: 'WebAssemblyKernel',
  headlessgl: 'HeadlessGLKernel',
};

type JsdMapOutput = { result: KernelOutput; loss: KernelOutput };

/**
 * Owns one gpu.js instance and the fast loss kernels compiled on it, and
 * runs them over row blocks.
 */
export class BlockRunner {
  readonly backend: FastBackend;
  readonly #gpu: GPU;
  readonly #pow2 = createPow2Table();
  readonly #recordKernelRuns: boolean;
  #jsdPair: IKernelRunShortcut | null = null;
  #softmaxWasm: IKernelRunShortcut | null = null;
  readonly #shapeKernels = new Map<string, IKernelRunShortcut>();
  #rowMax = new Float32Array(0);
  #logitSums = new Float64Array(0);

  /**
   * @param backend - gpu.js mode to compile for.
   * @param recordKernelRuns - Whether to record each launch for core's `backendInfo()`. Only a
   *   runner that serves an explicitly selected backend does. Measuring the `'auto'` candidates
   *   must not name a backend that the losses never ran on.
   * @throws Error when gpu.js cannot create that mode here.
   */
  constructor(backend: FastBackend, recordKernelRuns = false) {
    this.backend = backend;
    this.#recordKernelRuns = recordKernelRuns;
    this.#gpu = new GPU({ mode: backend });
  }

  /**
   * Computes the JSD gradient and row losses of one block.
   *
   * @returns The weighted loss, or the position of the first NaN input.
   */
  jsd(block: JsdBlock): BlockOutcome {
    const { rows, vocabSize, beta } = block;
    const kind =
      block.convention === 'klEndpoints' && beta === 0
        ? JSD_KIND_FORWARD_KL
        : block.convention === 'klEndpoints' && beta === 1
          ? JSD_KIND_REVERSE_KL
          : JSD_KIND_MIXTURE;
    const scalars = {
      beta,
      logBeta: beta > 0 ? Math.log(beta) : LOG_ZERO,
      logOneMinusBeta: beta < 1 ? Math.log1p(-beta) : LOG_ZERO,
      kind,
    };

    const chunkRows = Math.max(1, Math.floor(CHUNK_ELEMENTS / vocabSize));
    let weightedLoss = 0;
    for (let rowStart = 0; rowStart < rows; rowStart += chunkRows) {
      const count = Math.min(chunkRows, rows - rowStart);
      const begin = rowStart * vocabSize;
      const end = begin + count * vocabSize;
      const x = block.input.subarray(begin, end);
      const y = block.target.subarray(begin, end);
      const weights = block.rowWeights.subarray(rowStart, rowStart + count);
      const gradient = block.gradient.subarray(begin, end);
      const rowLosses = block.rowLosses.subarray(rowStart, rowStart + count);

      // GLSL comparisons need not see NaN, so the kernel cannot mark it on headlessgl.
      if (this.backend === 'headlessgl') {
        const found = findNaN(x, y, 0, x.length, begin);
        if (found !== null) return found;
      }

      if (this.backend === 'webasm') {
        this.#jsdChunkWebAssembly(x, y, weights, count, vocabSize, scalars, gradient, rowLosses);
      } else {
        this.#jsdChunkKernelMap(x, y, weights, count, vocabSize, scalars, gradient, rowLosses);
      }

      for (let r = 0; r < count; r++) {
        const rowLoss = rowLosses[r]!;
        // The kernel makes a NaN input's loss term NaN. Infinities of opposite
        // signs can also give a NaN row loss, so the scan confirms the NaN input.
        if (rowLoss !== rowLoss) {
          const found = findNaN(x, y, r * vocabSize, (r + 1) * vocabSize, begin);
          if (found !== null) return found;
        }
        if (weights[r] !== 0) weightedLoss += weights[r]! * rowLoss;
      }
    }
    return { weightedLoss, nanIndex: -1, nanArgument: 0 };
  }

  /**
   * Computes the cross-entropy gradient (softmax minus the smoothed one-hot
   * target, times the row weight) and row losses of one block.
   *
   * @returns The weighted loss, or the position of the first NaN logit.
   */
  crossEntropy(block: CrossEntropyBlock): BlockOutcome {
    const { rows, vocabSize, labelSmoothing } = block;
    const chunkRows = Math.max(1, Math.floor(CHUNK_ELEMENTS / vocabSize));
    if (this.#rowMax.length < chunkRows) {
      this.#rowMax = new Float32Array(chunkRows);
      this.#logitSums = new Float64Array(chunkRows);
    }

    let weightedLoss = 0;
    for (let rowStart = 0; rowStart < rows; rowStart += chunkRows) {
      const count = Math.min(chunkRows, rows - rowStart);
      const begin = rowStart * vocabSize;
      const end = begin + count * vocabSize;
      const logits = block.logits.subarray(begin, end);
      const weights = block.rowWeights.subarray(rowStart, rowStart + count);
      const gradient = block.gradient.subarray(begin, end);
      const rowMax = this.#rowMax.subarray(0, count);
      const logitSums = this.#logitSums;

      // The shift by the row maximum keeps exp(z - max) <= 1; a row of all
      // -Infinity keeps a finite shift so that no NaN appears.
      for (let r = 0; r < count; r++) {
        let max = -Infinity;
        let sum = 0;
        const offset = r * vocabSize;
        for (let j = 0; j < vocabSize; j++) {
          const z = logits[offset + j]!;
          if (z > max) max = z;
          sum += z;
        }
        rowMax[r] = max === -Infinity ? LOG_ZERO : max;
        logitSums[r] = sum;
        // A NaN logit makes the sum NaN, and so do infinities of opposite signs.
        if (sum !== sum) {
          const found = findNaN(logits, null, offset, offset + vocabSize, begin);
          if (found !== null) return found;
        }
      }

      const numerators = this.#softmaxNumerators(logits, rowMax, weights, count, vocabSize, gradient);

      for (let r = 0; r < count; r++) {
        const weight = weights[r]!;
        const offset = r * vocabSize;
        if (weight === 0) {
          gradient.fill(0, offset, offset + vocabSize);
          block.rowLosses[rowStart + r] = 0;
          continue;
        }
        let sum = 0;
        for (let j = 0; j < vocabSize; j++) sum += numerators[offset + j]!;
        const target = block.targets[rowStart + r]!;
        const logSumExp = rowMax[r]! + Math.log(sum);
        let rowLoss = logSumExp - (1 - labelSmoothing) * logits[offset + target]!;
        if (labelSmoothing > 0) rowLoss -= (labelSmoothing / vocabSize) * logitSums[r]!;
        block.rowLosses[rowStart + r] = rowLoss;
        weightedLoss += weight * rowLoss;

        const scale = weight / sum;
        const smoothing = (weight * labelSmoothing) / vocabSize;
        for (let j = 0; j < vocabSize; j++) {
          gradient[offset + j] = numerators[offset + j]! * scale - smoothing;
        }
        gradient[offset + target] = gradient[offset + target]! - weight * (1 - labelSmoothing);
      }
    }
    return { weightedLoss, nanIndex: -1, nanArgument: 0 };
  }

  /** Destroys the gpu.js instance and every kernel on it. */
  destroy(): void {
    this.#jsdPair = null;
    this.#softmaxWasm = null;
    this.#shapeKernels.clear();
    this.#gpu.destroy();
  }

  #jsdChunkWebAssembly(
    x: Float32Array,
    y: Float32Array,
    weights: Float32Array,
    rows: number,
    vocabSize: number,
    scalars: Record<string, number>,
    gradient: Float32Array,
    rowLosses: Float64Array,
  ): void {
    if (this.#jsdPair === null) {
      this.#jsdPair = this.#gpu.createKernel(JSD_PAIR_KERNEL_SOURCE as never, {
        output: [vocabSize, rows],
        constants: { pow2: this.#pow2 },
        returnType: 'Array(2)',
        dynamicOutput: true,
        dynamicArguments: true,
      } as never) as IKernelRunShortcut;
    }
    const kernel = this.#jsdPair;
    const output = this.#runWebAssembly(kernel, rows, vocabSize, { X: x, Y: y, W: weights }, scalars, 2, () =>
      kernel(
        toInput(x, [vocabSize, rows]),
        toInput(y, [vocabSize, rows]),
        toInput(weights, [rows]),
        scalars.beta!,
        scalars.logBeta!,
        scalars.logOneMinusBeta!,
        scalars.kind!,
      ),
    );

    // The output interleaves [gradient, lossTerm] per element. Four partial
    // sums keep the float64 additions from forming one long dependency chain.
    for (let r = 0; r < rows; r++) {
      const offset = r * vocabSize;
      if (weights[r] === 0) {
        gradient.fill(0, offset, offset + vocabSize);
        rowLosses[r] = markedNaN(output, 2 * offset + 1, 2 * (offset + vocabSize), 2) ? NaN : 0;
        continue;
      }
      let sum0 = 0;
      let sum1 = 0;
      let sum2 = 0;
      let sum3 = 0;
      let j = 0;
      for (; j + 4 <= vocabSize; j += 4) {
        const pair = 2 * (offset + j);
        gradient[offset + j] = output[pair]!;
        gradient[offset + j + 1] = output[pair + 2]!;
        gradient[offset + j + 2] = output[pair + 4]!;
        gradient[offset + j + 3] = output[pair + 6]!;
        sum0 += output[pair + 1]!;
        sum1 += output[pair + 3]!;
        sum2 += output[pair + 5]!;
        sum3 += output[pair + 7]!;
      }
      for (; j < vocabSize; j++) {
        gradient[offset + j] = output[2 * (offset + j)]!;
        sum0 += output[2 * (offset + j) + 1]!;
      }
      rowLosses[r] = sum0 + sum1 + (sum2 + sum3);
    }
  }

  #jsdChunkKernelMap(
    x: Float32Array,
    y: Float32Array,
    weights: Float32Array,
    rows: number,
    vocabSize: number,
    scalars: Record<string, number>,
    gradient: Float32Array,
    rowLosses: Float64Array,
  ): void {
    const kernel = this.#shapeKernel(`jsd:${vocabSize}x${rows}`, () =>
      this.#gpu.createKernelMap({ loss: jsdLossTerm } as never, JSD_MAP_KERNEL_SOURCE as never, {
        output: [vocabSize, rows],
        constants: { pow2: this.#pow2 },
        ...this.#mapSettings(vocabSize),
      } as never) as unknown as IKernelRunShortcut,
    );
    const output = kernel(
      toInput(x, [vocabSize, rows]),
      toInput(y, [vocabSize, rows]),
      toInput(weights, [rows]),
      scalars.beta!,
      scalars.logBeta!,
      scalars.logOneMinusBeta!,
      scalars.kind!,
    ) as unknown as JsdMapOutput;
    this.#checkKernelClass(kernel);

    const gradientRows = output.result as unknown as Float32Array[];
    const lossRows = output.loss as unknown as Float32Array[];
    for (let r = 0; r < rows; r++) {
      const offset = r * vocabSize;
      const lossRow = lossRows[r]!;
      let rowLoss = 0;
      if (weights[r] !== 0) {
        gradient.set(gradientRows[r]!.subarray(0, vocabSize), offset);
        for (let j = 0; j < vocabSize; j++) rowLoss += lossRow[j]!;
      } else {
        gradient.fill(0, offset, offset + vocabSize);
        if (markedNaN(lossRow, 0, vocabSize, 1)) rowLoss = NaN;
      }
      rowLosses[r] = rowLoss;
    }
  }

  /** Returns exp(z - rowMax) for a chunk, flat `[rows * vocabSize]`; on webasm a view valid until the next launch. */
  #softmaxNumerators(
    logits: Float32Array,
    rowMax: Float32Array,
    weights: Float32Array,
    rows: number,
    vocabSize: number,
    scratch: Float32Array,
  ): Float32Array {
    if (this.backend === 'webasm') {
      if (this.#softmaxWasm === null) {
        this.#softmaxWasm = this.#gpu.createKernel(SOFTMAX_NUMERATOR_KERNEL_SOURCE as never, {
          output: [vocabSize, rows],
          constants: { pow2: this.#pow2 },
          dynamicOutput: true,
          dynamicArguments: true,
        } as never) as IKernelRunShortcut;
      }
      const kernel = this.#softmaxWasm;
      return this.#runWebAssembly(kernel, rows, vocabSize, { Z: logits, rowMax, W: weights }, {}, 1, () =>
        kernel(toInput(logits, [vocabSize, rows]), toInput(rowMax, [rows]), toInput(weights, [rows])),
      );
    }

    const kernel = this.#shapeKernel(`softmax:${vocabSize}x${rows}`, () =>
      this.#gpu.createKernel(SOFTMAX_NUMERATOR_KERNEL_SOURCE as never, {
        output: [vocabSize, rows],
        constants: { pow2: this.#pow2 },
        ...this.#mapSettings(vocabSize),
      } as never) as IKernelRunShortcut,
    );
    const output = kernel(
      toInput(logits, [vocabSize, rows]),
      toInput(rowMax, [rows]),
      toInput(weights, [rows]),
    ) as unknown as Float32Array[];
    this.#checkKernelClass(kernel);
    // The gradient block is free until the final pass, so it holds the numerators.
    for (let r = 0; r < rows; r++) scratch.set(output[r]!.subarray(0, vocabSize), r * vocabSize);
    return scratch;
  }

  /**
   * Runs a webasm kernel on a chunk: through its public call the first time
   * a shape appears (which builds the module), directly in its memory after.
   */
  #runWebAssembly(
    kernel: IKernelRunShortcut,
    rows: number,
    vocabSize: number,
    arrays: Record<string, Float32Array>,
    scalars: Record<string, number>,
    components: number,
    publicCall: () => unknown,
  ): Float32Array {
    const cells = rows * vocabSize;
    let entry: WebAssemblyEntry | null = activeWebAssemblyEntry(kernel.kernel, cells);
    if (entry !== null && entry.sizeX === vocabSize) {
      const output = runWebAssemblyDirect(kernel.kernel, entry, arrays, scalars, components);
      if (this.#recordKernelRuns) recordKernelRun(kernel as never, this.backend);
      return output;
    }

    kernel.setOutput([vocabSize, rows]);
    publicCall();
    this.#checkKernelClass(kernel);
    entry = activeWebAssemblyEntry(kernel.kernel, cells);
    if (entry === null) {
      throw new Error(`fast webasm path: gpu.js built no module for a [${rows}, ${vocabSize}] output`);
    }
    const base = entry.layout.outputOffset / 4;
    return entry.f32.subarray(base, base + cells * components);
  }

  #shapeKernel(key: string, create: () => IKernelRunShortcut): IKernelRunShortcut {
    let kernel = this.#shapeKernels.get(key);
    if (kernel !== undefined) {
      // Map order is the eviction order, so a hit moves to the end.
      this.#shapeKernels.delete(key);
      this.#shapeKernels.set(key, kernel);
      return kernel;
    }
    kernel = create();
    this.#shapeKernels.set(key, kernel);
    while (this.#shapeKernels.size > SHAPE_CACHE_LIMIT) {
      const oldestKey = this.#shapeKernels.keys().next().value!;
      this.#shapeKernels.get(oldestKey)!.destroy();
      this.#shapeKernels.delete(oldestKey);
    }
    return kernel;
  }

  #mapSettings(vocabSize: number): Record<string, unknown> {
    if (this.backend === 'cpu') {
      // pipeline without immutable makes the cpu kernel reuse its result rows.
      // NOTE: gpu.js 2.24.1 still allocates the kernel map's loss rows on
      // every call (one Float32Array per row of the chunk).
      return { pipeline: true, immutable: false };
    }
    // headlessgl textures are at most 16384 wide unless packed.
    return { optimizeFloatMemory: vocabSize > 16384 };
  }

  /** Throws when gpu.js ran the kernel on another backend, and records the run for `backendInfo()` when asked to. */
  #checkKernelClass(kernel: IKernelRunShortcut): void {
    const actual = (kernel.kernel as { constructor: { name: string } }).constructor.name;
    const expected = EXPECTED_KERNEL_CLASS[this.backend];
    if (actual !== expected) {
      const reason = (kernel as unknown as { fallbackReason?: string }).fallbackReason;
      throw new Error(
        `fast ${this.backend} path: gpu.js ran ${actual} instead of ${expected}` +
          (reason ? ` (${reason})` : '') +
          '; choose another backend for the fast path',
      );
    }
    if (this.#recordKernelRuns) recordKernelRun(kernel as never, this.backend);
  }
}

/**
 * Finds the first NaN of a chunk in [start, end), as {@link findFirstNaN}
 * does, and returns it as the outcome of a block whose chunk starts at
 * `chunkStart`, or null when there is none.
 */
function findNaN(first: Float32Array, second: Float32Array | null, start: number, end: number, chunkStart: number): BlockOutcome | null {
  const found = findFirstNaN(first, second, start, end);
  if (found === null) return null;
  return { weightedLoss: NaN, nanIndex: chunkStart + found.index, nanArgument: found.argument };
}

/** Tells whether any of `values[start]`, `values[start + stride]`, ... before `end` is NaN. */
function markedNaN(values: Float32Array, start: number, end: number, stride: number): boolean {
  for (let index = start; index < end; index += stride) {
    if (values[index] !== values[index]) return true;
  }
  return false;
}

/** Wraps a flat typed array as a gpu.js input of the given size (x fastest). */
function toInput(values: Float32Array, size: [number] | [number, number]): Input {
  return new Input(values as unknown as number[], size);
}
