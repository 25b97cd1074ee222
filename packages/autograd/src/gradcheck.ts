import { Generator, Tensor, tensor, type TensorLike, tidy } from '@fusegrad/core';

import { backward } from './backward.js';
import { noGrad } from './grad-mode.js';

/** Options of {@link gradcheck}. */
export interface GradcheckOptions {
  /** Finite-difference step, in input units. Default `1e-6`. */
  eps?: number;
  /** Absolute tolerance. Default `1e-5`. */
  atol?: number;
  /** Relative tolerance, applied to the numeric gradient's magnitude. Default `1e-3`. */
  rtol?: number;
  /**
   * Upstream gradient per output (one tensor or value for a single output, an array for several),
   * converted to float64. Default: standard normal values from a fixed seed, so every output
   * element is weighted differently.
   */
  gradOutput?: TensorLike | readonly TensorLike[];
}

/** The element where analytic and numeric gradients disagree most, relative to the tolerance. */
export interface GradcheckWorst {
  /** Index of the input in the `inputs` list. */
  inputIndex: number;
  /** Flat, row-major index of the element in that input. */
  index: number;
  /** Multi-dimensional position of the element, one index per axis. */
  position: number[];
  /** Gradient from backward. */
  analytic: number;
  /** Gradient from central differences. */
  numeric: number;
}

/** Result of {@link gradcheck}. */
export interface GradcheckReport {
  /** Whether every element satisfies `|analytic - numeric| <= atol + rtol * |numeric|`. */
  ok: boolean;
  /** Largest `|analytic - numeric|` over all checked elements. */
  maxAbsError: number;
  /** Largest `|analytic - numeric| / |numeric|` over elements whose numeric gradient is not 0. */
  maxRelError: number;
  /** The element closest to failing (or failing worst); `null` when no input requires a gradient. */
  worst: GradcheckWorst | null;
}

/**
 * Checks the gradients of `fn` against central finite differences in float64, like
 * `torch.autograd.gradcheck`.
 *
 * Every input is copied to float64. For each input that requires a gradient, the analytic
 * gradient of `sum(gradOutput * fn(...inputs))` from backward is compared elementwise with
 * `(f(x + eps) - f(x - eps)) / (2 * eps)`. The check passes when `|analytic - numeric| <= atol +
 * rtol * |numeric|` everywhere. Equal values pass, infinities included; `NaN` on either side fails.
 *
 * @param fn - Function of the inputs returning a tensor or an array of tensors. It must not depend
 *   on anything random, because it runs twice per checked element.
 * @param inputs - Arguments of `fn`. Tensors with `requiresGrad` are checked; other values are
 *   passed through as they are.
 * @param options - `eps`, `atol`, `rtol` and `gradOutput`.
 * @returns A report with `ok`, the largest errors, and the worst element.
 * @throws Error when `fn` returns something other than tensors, or backward fails.
 * @example
 * ```ts
 * import { gradcheck, tensor } from 'fusegrad';
 *
 * const x = tensor([[0.5, -1.2], [2, 0.3]], { requiresGrad: true });
 * const report = gradcheck((a) => a.mul(a).logSoftmax(-1), [x]);
 * console.log(report.ok); // true
 * ```
 */
export function gradcheck(
  fn: (...inputs: any[]) => Tensor | Tensor[],
  inputs: readonly unknown[],
  options: GradcheckOptions = {},
): GradcheckReport {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-3;

  const prepared = inputs.map((input) => (input instanceof Tensor ? float64Copy(input) : input));
  const outputs = asOutputList(fn(...prepared));
  const weights = gradOutputsFor(outputs, options.gradOutput);

  const differentiable = outputs.map((output, k) => [output, weights[k]!] as const).filter(([output]) => output.requiresGrad);
  if (differentiable.length > 0) {
    backward(
      differentiable.map(([output]) => output),
      differentiable.map(([, weight]) => weight),
    );
  }

  const report: GradcheckReport = { ok: true, maxAbsError: 0, maxRelError: 0, worst: null };
  let worstScore = -Infinity;
  prepared.forEach((input, inputIndex) => {
    if (!(input instanceof Tensor) || !input.requiresGrad) return;

    const analytic = input.grad?.toFloat64Array() ?? new Float64Array(input.size);
    const values = input.toFloat64Array();
    for (let index = 0; index < input.size; index++) {
      const numeric = centralDifference(fn, prepared, inputIndex, values, index, eps, weights);
      const error = Math.abs(analytic[index]! - numeric);
      const bothEqual = analytic[index] === numeric;
      const passes = bothEqual || error <= atol + rtol * Math.abs(numeric);
      if (!passes) report.ok = false;

      if (!bothEqual) {
        report.maxAbsError = Math.max(report.maxAbsError, Number.isNaN(error) ? Infinity : error);
        if (numeric !== 0) report.maxRelError = Math.max(report.maxRelError, error / Math.abs(numeric));
      }

      const score = bothEqual ? 0 : Number.isNaN(error) ? Infinity : error / (atol + rtol * Math.abs(numeric));
      if (score > worstScore) {
        worstScore = score;
        report.worst = {
          inputIndex,
          index,
          position: positionOf(index, input.shape),
          analytic: analytic[index]!,
          numeric,
        };
      }
    }
  });
  return report;
}

/**
 * Formats a failed report as one line naming the worst element, for assertion messages.
 *
 * @param report - Result of {@link gradcheck}.
 * @returns For example `gradcheck failed: input 1 element [2,0] (flat index 4): analytic 0.5,
 *   numeric 0.25; max abs error 0.25, max rel error 1`.
 * @example
 * ```ts
 * import { describeGradcheck, gradcheck, tensor } from 'fusegrad';
 *
 * const report = gradcheck((a) => a.exp(), [tensor([0.1], { requiresGrad: true })]);
 * console.log(describeGradcheck(report).startsWith('gradcheck passed')); // true
 * ```
 */
export function describeGradcheck(report: GradcheckReport): string {
  const verdict = report.ok ? 'gradcheck passed' : 'gradcheck failed';
  const worst = report.worst;
  if (worst === null) return `${verdict}: no input requires a gradient`;
  return (
    `${verdict}: worst is input ${worst.inputIndex} element [${worst.position.join(',')}] ` +
    `(flat index ${worst.index}): analytic ${worst.analytic}, numeric ${worst.numeric}; ` +
    `max abs error ${report.maxAbsError}, max rel error ${report.maxRelError}`
  );
}

function centralDifference(
  fn: (...inputs: any[]) => Tensor | Tensor[],
  prepared: readonly unknown[],
  inputIndex: number,
  values: Float64Array,
  index: number,
  eps: number,
  weights: readonly Tensor[],
): number {
  const evaluate = (offset: number): number =>
    tidy(() =>
      noGrad(() => {
        const shifted = Float64Array.from(values);
        shifted[index] = values[index]! + offset;
        const original = prepared[inputIndex] as Tensor;
        const args = [...prepared];
        args[inputIndex] = new Tensor(shifted, original.shape);
        return weightedSum(asOutputList(fn(...args)), weights);
      }),
    );
  return (evaluate(eps) - evaluate(-eps)) / (2 * eps);
}

function float64Copy(input: Tensor): Tensor {
  return new Tensor(input.toFloat64Array(), input.shape, { requiresGrad: input.requiresGrad });
}

function weightedSum(outputs: readonly Tensor[], weights: readonly Tensor[]): number {
  let total = 0;
  outputs.forEach((output, k) => {
    const values = output.data;
    const weight = weights[k]!.data;
    for (let i = 0; i < values.length; i++) {
      // An output element with weight 0 does not enter the sum, even where it is infinite.
      if (weight[i] !== 0) total += values[i]! * weight[i]!;
    }
  });
  return total;
}

function gradOutputsFor(outputs: readonly Tensor[], given: GradcheckOptions['gradOutput']): Tensor[] {
  if (given !== undefined) {
    const list = outputs.length > 1 && Array.isArray(given) ? (given as readonly TensorLike[]) : [given as TensorLike];
    return outputs.map((output, k) => {
      const values = list[k];
      if (values === undefined) {
        throw new Error(`gradcheck: gradOutput has no entry for output ${k}; give one per output of fn`);
      }
      return tensor(values instanceof Tensor ? values.toFloat64Array() : values, { dtype: 'float64', shape: output.shape });
    });
  }

  // Fixed seed: repeated checks of the same function see the same weights.
  const generator = new Generator(20240611);
  return outputs.map((output) => {
    const values = new Float64Array(output.size);
    for (let i = 0; i < values.length; i++) values[i] = generator.normal();
    return new Tensor(values, output.shape);
  });
}

function asOutputList(result: unknown): Tensor[] {
  const outputs = Array.isArray(result) ? result : [result];
  outputs.forEach((output, k) => {
    if (!(output instanceof Tensor)) {
      throw new Error(`gradcheck: fn returned ${typeof output} as output ${k}; return a Tensor or an array of Tensors`);
    }
  });
  return outputs as Tensor[];
}

function positionOf(index: number, shape: readonly number[]): number[] {
  const position = new Array<number>(shape.length);
  let rest = index;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    position[axis] = rest % shape[axis]!;
    rest = Math.floor(rest / shape[axis]!);
  }
  return position;
}
