import { lineChart, type Series } from '@fusegrad/plot';

import type { TaskName } from './options.js';
import type { TrainResult } from './train/trainer.js';

/** One trained model's curves, for {@link lossChart} and {@link heldOutChart}. */
export interface CurveInput {
  /** Legend label. */
  readonly name: string;
  /** The model's training record. */
  readonly result: TrainResult;
  /** Optimizer steps per epoch, to put the x axis in epochs. */
  readonly stepsPerEpoch: number;
}

/**
 * Draws the training loss of each model against epochs, as a moving average over about a twentieth of an epoch.
 *
 * @param curves - One entry per model.
 * @returns A standalone SVG document.
 * @example
 * ```ts
 * import { lossChart } from '@fusegrad/distill';
 *
 * console.log(typeof lossChart); // "function"
 * ```
 */
export function lossChart(curves: readonly CurveInput[]): string {
  const series: Series[] = curves.map(({ name, result, stepsPerEpoch }) => {
    const window = Math.max(1, Math.round(stepsPerEpoch / 20));
    const smoothed = movingAverage(result.stepLosses, window);
    return { name, x: smoothed.map((_, step) => (step + 1) / stepsPerEpoch), y: smoothed };
  });
  return lineChart(series, {
    title: 'Training loss (moving average)',
    xLabel: 'epoch',
    yLabel: 'training objective',
    width: 760,
    height: 440,
  });
}

/**
 * Draws each model's held-out accuracy (mnist) or perplexity (brown) after every epoch.
 *
 * @param task - Selects the metric.
 * @param curves - One entry per model.
 * @returns A standalone SVG document.
 * @example
 * ```ts
 * import { heldOutChart } from '@fusegrad/distill';
 *
 * console.log(typeof heldOutChart); // "function"
 * ```
 */
export function heldOutChart(task: TaskName, curves: readonly CurveInput[]): string {
  const perplexity = task === 'brown';
  const series: Series[] = curves.map(({ name, result }) => ({
    name,
    x: result.epochs.map((record) => record.epoch),
    y: result.epochs.map((record) => (perplexity ? record.heldOutPerplexity : record.heldOutAccuracy * 100)),
  }));
  return lineChart(series, {
    title: perplexity ? 'Held-out perplexity after each epoch' : 'Held-out accuracy after each epoch',
    xLabel: 'epoch',
    yLabel: perplexity ? 'perplexity' : 'accuracy (%)',
    width: 760,
    height: 440,
  });
}

function movingAverage(values: readonly number[], window: number): number[] {
  const averages: number[] = [];
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    if (i >= window) sum -= values[i - window]!;
    averages.push(sum / Math.min(i + 1, window));
  }
  return averages;
}
