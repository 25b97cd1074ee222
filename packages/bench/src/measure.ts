import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

import { checkAgainstReference, DEFAULT_TOLERANCE } from './check.js';
import type { Contender, JsdCase, Mode, PreparedContender } from './contender.js';
import { CaseCache } from './case-cache.js';
import type { JsdInputs } from './inputs.js';
import { collectGarbage, ProcessPeakMemory } from './memory.js';
import { isTargetPoint, type BenchCase, type TimingOptions } from './plan.js';
import type { CaseRecord } from './record.js';
import type { LossAndGradient } from './reference.js';
import { summarizeTimes, type TimeSummary } from './stats.js';

/** Inputs to {@link measureContender}. */
export interface MeasureOptions {
  /** Cases in the order to run them. */
  readonly cases: readonly BenchCase[];
  /** Repetitions and limits. */
  readonly timing: TimingOptions;
  /** Seed of the generated inputs. */
  readonly seed: number;
  /** Folder shared with the run's other workers for inputs and references, or null to compute them here. */
  readonly cacheFolder?: string | null;
  /** Receives each record as soon as it exists. */
  readonly onRecord: (record: CaseRecord) => void;
}

/**
 * Measures one contender over a list of cases, in this process. For each case it loads or generates the inputs,
 * runs one full step and compares the loss and gradient with the float64 reference. Only a correct contender is
 * then timed in each mode, with a garbage collection before every timed step, and measured for peak tensor bytes
 * and peak RSS.
 *
 * A case the contender would take longer than `timing.maxStepMs` on (estimated from its time per element so far) is
 * capped, except the target point. An error in one case is recorded and the next case runs.
 *
 * @param contender - A contender whose `probe()` returned null.
 * @param options - Cases, timing, seed and the record callback.
 * @returns A promise that settles when every case is recorded.
 * @throws Error when node runs without `--expose-gc`.
 * @example
 * ```ts
 * import { createLoopContender, measureContender, smokePlan } from '@fusegrad/bench';
 * // node --expose-gc
 * const plan = smokePlan();
 * await measureContender(createLoopContender(), { ...plan, onRecord: (record) => console.log(record.mode, record.status) });
 * ```
 */
export async function measureContender(contender: Contender, options: MeasureOptions): Promise<void> {
  const processPeak = new ProcessPeakMemory();
  const cache = new CaseCache(options.cacheFolder ?? null);
  let inputs: JsdInputs | null = null;
  let msPerElement: number | null = null;

  for (const benchCase of options.cases) {
    const elements = benchCase.batchTokens * benchCase.vocabSize;
    const base = {
      contender: contender.id,
      label: contender.label,
      group: contender.group,
      batchTokens: benchCase.batchTokens,
      vocabSize: benchCase.vocabSize,
      beta: benchCase.beta,
      sweeps: benchCase.sweeps,
    };
    const recordedModes = new Set<Mode>();
    const record = (caseRecord: CaseRecord): void => {
      recordedModes.add(caseRecord.mode);
      options.onRecord({ ...caseRecord, loadAverage: Math.round(loadavg()[0]! * 100) / 100 });
    };
    // Covers only the modes without a record yet, so a failure after some modes were timed does not repeat them.
    const recordEveryMode = (fields: Omit<CaseRecord, keyof typeof base | 'mode'>): void => {
      for (const mode of benchCase.modes) if (!recordedModes.has(mode)) record({ ...base, mode, ...fields });
    };

    const estimatedStepMs: number = msPerElement === null ? 0 : msPerElement * elements;
    const atTarget = isTargetPoint(benchCase);
    const cap = atTarget ? options.timing.targetMaxStepMs : options.timing.maxStepMs;
    const overCap: boolean = estimatedStepMs > cap;
    const capReason = `an estimated ${Math.round(estimatedStepMs)} ms per step exceeds this plan's cap of ${cap} ms${atTarget ? ' at the target point' : ''}`;
    if (overCap && !atTarget) {
      recordEveryMode({ status: 'capped', reason: capReason });
      continue;
    }

    if (!inputs || inputs.batchTokens !== benchCase.batchTokens || inputs.vocabSize !== benchCase.vocabSize) {
      inputs = null;
      await collectGarbage();
      inputs = cache.inputs(benchCase.batchTokens, benchCase.vocabSize, options.seed);
    }
    const jsdCase: JsdCase = { inputs, beta: benchCase.beta };

    let prepared: PreparedContender | null = null;
    try {
      prepared = await contender.prepare(jsdCase);

      const firstCall = await checkFirstCall(contender, prepared, jsdCase, processPeak, () => cache.reference(jsdCase.inputs, jsdCase.beta, options.seed));
      msPerElement = firstCall.ms / elements;
      if (!firstCall.check.ok) {
        recordEveryMode({ status: 'wrong', reason: firstCall.check.message, firstCallMs: firstCall.ms, check: firstCall.check });
        continue;
      }

      for (const mode of benchCase.modes) {
        const common = { ...base, mode, firstCallMs: firstCall.ms, check: firstCall.check };
        if (!contender.modes.includes(mode)) {
          record({ ...common, status: 'n/a', reason: `${contender.label} has no separate ${mode} step` });
          continue;
        }
        if (overCap && mode !== 'full') {
          record({ ...common, status: 'capped', reason: capReason });
          continue;
        }

        // At the target point a contender over the cap keeps its checked first call as the one sample, so that every
        // target still gets a ratio without a second step of tens of seconds.
        const times: TimeSummary = overCap ? summarizeTimes([firstCall.ms]) : await timeMode(prepared, mode, options.timing);
        const memory = mode === 'full' ? firstCall.memory : await measureMemory(prepared, mode, processPeak);
        if (mode === 'full') msPerElement = times.median / elements;
        record({
          ...common,
          status: 'ok',
          ...(overCap ? { reason: `one sample, the checked first call: ${capReason}` } : {}),
          time: times,
          ...memory,
          details: contender.describe?.() ?? {},
        });
      }
    } catch (error) {
      recordEveryMode({ status: 'failed', reason: (error as Error).message });
    } finally {
      prepared?.dispose();
    }
  }
}

/**
 * Runs the first full step of a case, timed and with its memory measured, then checks its loss and gradient. The
 * memory numbers serve as the full mode's, which saves a step per case. The tensor accounting adds a little time,
 * and it falls on this first call, not on the timed repetitions.
 */
async function checkFirstCall(
  contender: Contender,
  prepared: PreparedContender,
  jsdCase: JsdCase,
  processPeak: ProcessPeakMemory,
  loadReference: () => LossAndGradient,
) {
  await collectGarbage();
  processPeak.reset();
  const rssBeforeBytes = processPeak.readCurrentBytes();
  let ms = 0;
  const tensorPeakBytes = await prepared.measureTensorPeak(async () => {
    const start = performance.now();
    await prepared.run('full');
    ms = performance.now() - start;
  });
  const memory = { tensorPeakBytes, rssPeakBytes: processPeak.readPeakBytes(), rssBeforeBytes };

  let check: NonNullable<CaseRecord['check']>;
  if (contender.verify) {
    check = await contender.verify(prepared, jsdCase);
  } else {
    check = checkAgainstReference(await prepared.result(), loadReference(), { ...DEFAULT_TOLERANCE, ...contender.tolerance });
  }
  prepared.release();
  return { ms, check, memory };
}

/** Times one mode: warm-up runs, then repetitions until the minimum is reached and the budget or maximum is. */
async function timeMode(prepared: PreparedContender, mode: Mode, timing: TimingOptions) {
  for (let i = 0; i < timing.warmup; i++) {
    await runUntimedPrefix(prepared, mode);
    await prepared.run(mode);
    prepared.release();
  }

  const samples: number[] = [];
  const started = performance.now();
  while (
    samples.length < timing.minRepetitions ||
    (samples.length < timing.maxRepetitions && performance.now() - started < timing.modeBudgetMs)
  ) {
    await runUntimedPrefix(prepared, mode);
    await collectGarbage();
    const start = performance.now();
    await prepared.run(mode);
    samples.push(performance.now() - start);
    prepared.release();
  }
  return summarizeTimes(samples);
}

/** Runs the untimed forward step that the backward mode needs first. */
async function runUntimedPrefix(prepared: PreparedContender, mode: Mode): Promise<void> {
  if (mode === 'backward') await prepared.run('forward');
}

/** Runs one more step of a mode after a garbage collection and reads the peak tensor bytes and peak RSS. */
async function measureMemory(prepared: PreparedContender, mode: Mode, processPeak: ProcessPeakMemory) {
  await runUntimedPrefix(prepared, mode);
  await collectGarbage();

  processPeak.reset();
  const rssBeforeBytes = processPeak.readCurrentBytes();
  const tensorPeakBytes = await prepared.measureTensorPeak(async () => {
    await prepared.run(mode);
  });
  const rssPeakBytes = processPeak.readPeakBytes();
  prepared.release();

  return { tensorPeakBytes, rssPeakBytes, rssBeforeBytes };
}
