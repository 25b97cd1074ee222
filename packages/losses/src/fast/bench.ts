/**
 * Timing of the fast loss paths against a handwritten Float32Array loop.
 * Run `node packages/losses/dist/fast/bench.js [--rows 1024] [--vocab 32768]
 * [--repeats 3]`; it prints milliseconds and ratios and asserts nothing.
 */
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import type { FastBackend } from './block-runner.js';
import { FastLossPool } from './pool.js';

/** Options of {@link benchFastPaths}. */
export interface FastBenchOptions {
  /** Rows BT; default 1024. */
  readonly rows?: number;
  /** Vocabulary size V; default 32768. */
  readonly vocabSize?: number;
  /** Timed calls after the first; default 3. */
  readonly repeats?: number;
}

/** One timed entry of {@link benchFastPaths}. */
export interface FastBenchEntry {
  /** Label of the path and loss, for example `'jsd webasm, 2 workers'`. */
  readonly name: string;
  /** First call, with kernel compilation and worker start, in milliseconds; NaN for the loops. */
  readonly firstCallMs: number;
  /** Median of the later calls, in milliseconds. */
  readonly medianMs: number;
  /** Fastest of the later calls, in milliseconds: less sensitive to other load on the machine. */
  readonly minMs: number;
  /** medianMs divided by the handwritten loop's medianMs for the same loss. */
  readonly ratioToLoop: number;
}

/**
 * Times the fused JSD and cross entropy on each fast path (webasm and cpu,
 * one worker and one per core) and a handwritten Float32Array loop with
 * `Math.exp`/`Math.log` on random `[rows, vocabSize]` inputs.
 *
 * @param options - Problem size and repeats.
 * @returns One entry per path and loss, loops included.
 * @example
 * ```ts
 * import { benchFastPaths } from 'fusegrad';
 *
 * const entries = await benchFastPaths({ rows: 16, vocabSize: 1024, repeats: 1 });
 * for (const entry of entries) console.log(entry.name, entry.medianMs.toFixed(1), entry.ratioToLoop.toFixed(2));
 * ```
 */
export async function benchFastPaths(options: FastBenchOptions = {}): Promise<FastBenchEntry[]> {
  const rows = options.rows ?? 1024;
  const vocabSize = options.vocabSize ?? 32768;
  const repeats = options.repeats ?? 3;
  const input = randomLogProbs(rows, vocabSize, 1);
  const target = randomLogProbs(rows, vocabSize, 2);
  const targets = Int32Array.from({ length: rows }, (_, r) => (r * 7919) % vocabSize);

  const entries: FastBenchEntry[] = [];
  const jsdLoop = timeRepeats(repeats, () => handwrittenJsd(input, target, rows, vocabSize, 0.5));
  entries.push({ name: 'jsd handwritten loop', firstCallMs: NaN, ...jsdLoop, ratioToLoop: 1 });
  const crossEntropyLoop = timeRepeats(repeats, () => handwrittenCrossEntropy(input, targets, rows, vocabSize));
  entries.push({ name: 'cross entropy handwritten loop', firstCallMs: NaN, ...crossEntropyLoop, ratioToLoop: 1 });

  const cores = availableParallelism();
  const workerCounts = cores > 1 ? [1, cores] : [1];
  for (const backend of ['webasm', 'cpu'] as FastBackend[]) {
    for (const workers of workerCounts) {
      const pool = new FastLossPool({ backend, workers });
      const label = `${backend}, ${workers} worker${workers === 1 ? '' : 's'}`;
      try {
        const jsdCall = () => pool.jsd({ input, target, rows, vocabSize, beta: 0.5 });
        const jsdFirst = time(jsdCall);
        const jsdTimes = timeRepeats(repeats, jsdCall);
        entries.push({
          name: `jsd ${label}`,
          firstCallMs: jsdFirst,
          ...jsdTimes,
          ratioToLoop: jsdTimes.medianMs / jsdLoop.medianMs,
        });

        const crossEntropyCall = () => pool.crossEntropy({ logits: input, targets, rows, vocabSize });
        const crossEntropyFirst = time(crossEntropyCall);
        const crossEntropyTimes = timeRepeats(repeats, crossEntropyCall);
        entries.push({
          name: `cross entropy ${label}`,
          firstCallMs: crossEntropyFirst,
          ...crossEntropyTimes,
          ratioToLoop: crossEntropyTimes.medianMs / crossEntropyLoop.medianMs,
        });
      } finally {
        await pool.close();
      }
    }
  }
  return entries;
}

/** JSD loss and gradient with Math.exp/Math.log in one pass over Float32Arrays: the baseline. */
function handwrittenJsd(input: Float32Array, target: Float32Array, rows: number, vocabSize: number, beta: number): number {
  const gradient = new Float32Array(rows * vocabSize);
  let loss = 0;
  for (let i = 0; i < rows * vocabSize; i++) {
    const x = input[i]!;
    const y = target[i]!;
    const q = Math.exp(x);
    const p = Math.exp(y);
    const logMixture = Math.log(beta * p + (1 - beta) * q);
    const studentTerm = (1 - beta) * q * (x - logMixture);
    loss += beta * p * (y - logMixture) + studentTerm;
    gradient[i] = studentTerm / rows;
  }
  return loss / rows;
}

/** Cross entropy and its gradient with Math.exp/Math.log over Float32Arrays: the baseline. */
function handwrittenCrossEntropy(logits: Float32Array, targets: Int32Array, rows: number, vocabSize: number): number {
  const gradient = new Float32Array(rows * vocabSize);
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    const offset = r * vocabSize;
    let max = -Infinity;
    for (let j = 0; j < vocabSize; j++) max = Math.max(max, logits[offset + j]!);
    let sum = 0;
    for (let j = 0; j < vocabSize; j++) {
      const e = Math.exp(logits[offset + j]! - max);
      gradient[offset + j] = e;
      sum += e;
    }
    for (let j = 0; j < vocabSize; j++) gradient[offset + j] = gradient[offset + j]! / sum / rows;
    gradient[offset + targets[r]!] = gradient[offset + targets[r]!]! - 1 / rows;
    loss += max + Math.log(sum) - logits[offset + targets[r]!]!;
  }
  return loss / rows;
}

function time(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

function timeRepeats(repeats: number, run: () => unknown): { medianMs: number; minMs: number } {
  const times = Array.from({ length: Math.max(repeats, 1) }, () => time(run)).sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)]!, minMs: times[0]! };
}

function randomLogProbs(rows: number, vocabSize: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const output = new Float32Array(rows * vocabSize);
  for (let r = 0; r < rows; r++) {
    const offset = r * vocabSize;
    let max = -Infinity;
    for (let j = 0; j < vocabSize; j++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      output[offset + j] = (state / 4294967296) * 8 - 4;
      max = Math.max(max, output[offset + j]!);
    }
    let sum = 0;
    for (let j = 0; j < vocabSize; j++) sum += Math.exp(output[offset + j]! - max);
    const logSum = max + Math.log(sum);
    for (let j = 0; j < vocabSize; j++) output[offset + j] = output[offset + j]! - logSum;
  }
  return output;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1024' },
      vocab: { type: 'string', default: '32768' },
      repeats: { type: 'string', default: '3' },
    },
  });
  const rows = Number(values.rows);
  const vocabSize = Number(values.vocab);
  const repeats = Number(values.repeats);
  const load = loadavg()[0]!.toFixed(2);
  console.log(
    `fast loss paths, BT=${rows} V=${vocabSize}, ${availableParallelism()} cores, load average ${load}, ` +
      `median of ${repeats} warm calls`,
  );

  for (const entry of await benchFastPaths({ rows, vocabSize, repeats })) {
    const first = Number.isNaN(entry.firstCallMs) ? '' : `  first call ${entry.firstCallMs.toFixed(0)} ms (compile, worker start)`;
    const times = `${entry.medianMs.toFixed(0).padStart(6)} ms (min ${entry.minMs.toFixed(0)})`;
    console.log(`${entry.name.padEnd(34)} ${times}  ${entry.ratioToLoop.toFixed(2)}x loop${first}`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
