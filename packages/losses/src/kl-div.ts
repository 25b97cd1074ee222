import { formatShape, Tensor } from '@fusegrad/core';
import { Function, FunctionCtx } from '@fusegrad/autograd';

import { checkNoNaN, checkOptionKeys, checkReduction, checkTensor, checkVocabSize, formatPosition, type Reduction } from './validation.js';

/** Options of {@link klDiv}. */
export interface KLDivOptions {
  /** 'mean' (default, over all elements), 'batchmean' (sum / first dimension), 'sum' or 'none' (elementwise). */
  reduction?: Reduction;
  /** Whether `target` contains log-probabilities instead of probabilities. Default false. */
  logTarget?: boolean;
}

const OPTION_KEYS: Readonly<Record<keyof KLDivOptions, true>> = { reduction: true, logTarget: true };

interface KLDivAttrs {
  reduction: Reduction;
  logTarget: boolean;
  divisor: number;
}

/**
 * KL divergence with the semantics of PyTorch's `torch.nn.functional.kl_div`, as an autograd
 * Function with hand-written gradients for both arguments. See {@link klDiv}.
 *
 * @example
 * ```ts
 * import { KLDivFunction, tensor } from 'fusegrad';
 *
 * const input = tensor([[Math.log(0.3), Math.log(0.7)]], { requiresGrad: true });
 * const target = tensor([[0.6, 0.4]]);
 * console.log(KLDivFunction.apply(input, target, { reduction: 'sum' }).item().toFixed(7)); // 0.1920420
 * ```
 */
export class KLDivFunction extends Function {
  static override onceDifferentiable = true;

  /**
   * Computes the reduced pointwise KL terms.
   *
   * @param ctx - the autograd context; keeps `input` and `target`
   * @param input - log-probabilities, any shape
   * @param target - probabilities (or log-probabilities with `logTarget`), same shape
   * @param options - see {@link KLDivOptions}
   * @returns a scalar, or a tensor of `input`'s shape with reduction 'none'
   * @throws Error as {@link klDiv} does
   */
  static override forward(ctx: FunctionCtx<KLDivAttrs>, input: Tensor, target: Tensor, options: KLDivOptions = {}): Tensor {
    const caller = 'klDiv';
    checkTensor(caller, input, 'input');
    checkTensor(caller, target, 'target');
    if (input.shape.length !== target.shape.length || input.shape.some((size, axis) => size !== target.shape[axis])) {
      throw new Error(
        `${caller}: target has shape ${formatShape(target.shape)} but input has shape ${formatShape(input.shape)}; pass tensors of the same shape`,
      );
    }
    checkVocabSize(caller, input, 'input');
    checkOptionKeys(caller, options, OPTION_KEYS);
    const reduction = checkReduction(caller, options.reduction ?? 'mean', ['mean', 'batchmean', 'sum', 'none']);
    const logTarget = options.logTarget ?? false;
    checkNoNaN(caller, input.shape, { name: 'input', values: input.data }, { name: 'target', values: target.data });

    const x = input.data;
    const t = target.data;
    const dtype = input.dtype === 'float64' || target.dtype === 'float64' ? 'float64' : 'float32';
    const pointwise = dtype === 'float64' ? new Float64Array(input.size) : new Float32Array(input.size);
    let total = 0;
    for (let index = 0; index < input.size; index++) {
      if (!logTarget && t[index]! < 0) throwNegativeTarget(caller, target.shape, index, t[index]!);
      const term = klTerm(x[index]!, t[index]!, logTarget);
      pointwise[index] = term;
      total += term;
    }

    const divisor = reduction === 'mean' ? Math.max(input.size, 1) : reduction === 'batchmean' ? Math.max(input.shape[0] ?? 1, 1) : 1;
    ctx.attrs.reduction = reduction;
    ctx.attrs.logTarget = logTarget;
    ctx.attrs.divisor = divisor;
    ctx.saveForBackward(input, target);

    if (reduction === 'none') return new Tensor(pointwise, input.shape);
    const loss = dtype === 'float64' ? new Float64Array(1) : new Float32Array(1);
    loss[0] = total / divisor;
    return new Tensor(loss, []);
  }

  /**
   * Computes the gradients: -P for `input`, and for `target` log t - input + 1 (probabilities)
   * or P (Y - input + 1) (log-probabilities), each times the upstream gradient / divisor.
   *
   * @param ctx - the context that forward filled
   * @param gradOutput - upstream gradient: a scalar, or `input`'s shape with reduction 'none'
   * @returns the gradients of `input` and `target`, and null for the options
   */
  static override backward(ctx: FunctionCtx<KLDivAttrs>, gradOutput: Tensor | null): (Tensor | null)[] {
    const [input, target] = ctx.savedTensors as [Tensor, Tensor];
    if (gradOutput === null) return [null, null, null];
    const { logTarget, divisor, reduction } = ctx.attrs;
    const upstream = gradOutput.data;
    const x = input.data;
    const t = target.data;

    const gradInput = ctx.needsInputGrad[0] ? newArrayLike(input) : null;
    const gradTarget = ctx.needsInputGrad[1] ? newArrayLike(target) : null;
    for (let index = 0; index < input.size; index++) {
      const scale = (reduction === 'none' ? upstream[index]! : upstream[0]!) / divisor;
      const probability = logTarget ? Math.exp(t[index]!) : t[index]!;
      if (gradInput) gradInput[index] = -probability * scale;
      if (gradTarget) {
        // d/dt of t (log t - x) is log t - x + 1; with log targets it is P (Y - x + 1), 0 where P = 0.
        const derivative = logTarget
          ? probability > 0 ? probability * (t[index]! - x[index]! + 1) : 0
          : Math.log(t[index]!) - x[index]! + 1;
        gradTarget[index] = derivative * scale;
      }
    }

    return [
      gradInput ? new Tensor(gradInput, input.shape) : null,
      gradTarget ? new Tensor(gradTarget, target.shape) : null,
      null,
    ];
  }
}

/**
 * Computes the KL divergence KL(P || Q) from log-probabilities `input` (log Q) and a target P, with
 * the semantics of PyTorch's `torch.nn.functional.kl_div(input, target, reduction, log_target)`.
 *
 * Pointwise: P (log P - input), where P = target, or P = exp(target) with `logTarget`. An element
 * with P = 0 contributes 0 (0 log 0 = 0), so the loss is never NaN for valid inputs; P > 0 against
 * input -Infinity gives +Infinity. Reductions: 'mean' (PyTorch's default, the mean over all
 * elements), 'batchmean' (sum / size of the first dimension: the mathematical KL per sample),
 * 'sum', and 'none' (the pointwise terms). An empty tensor (zero rows) gives 0, where PyTorch
 * returns NaN for 'mean' and 'batchmean'. Computed in JavaScript, not in a gpu.js kernel.
 *
 * Where PyTorch returns NaN, this function throws instead: for NaN in either argument, and for a
 * negative target without `logTarget`, which usually means log-probabilities were passed as
 * probabilities. Values of P above 1 are accepted, as in PyTorch.
 *
 * @param input - log-probabilities log Q, any shape whose last dimension (the classes) is at least 1
 * @param target - probabilities P (each at least 0), or log-probabilities with `logTarget`; same shape
 * @param options - `reduction` (default 'mean') and `logTarget` (default false); any other key is
 *   an error
 * @returns a scalar tensor, or the pointwise terms with reduction 'none'
 * @throws Error when an argument is not a tensor, the shapes differ, the last dimension is 0,
 *   either argument contains NaN, `target` is negative without `logTarget`, `reduction` is
 *   unknown, or `options` has an unknown key
 * @example
 * ```ts
 * import { klDiv, tensor } from 'fusegrad';
 *
 * const input = tensor([[Math.log(0.3), Math.log(0.7)]]);
 * const target = tensor([[Math.log(0.6), Math.log(0.4)]]);
 * console.log(klDiv(input, target, { reduction: 'batchmean', logTarget: true }).item().toFixed(7)); // 0.1920420
 * ```
 */
export function klDiv(input: Tensor, target: Tensor, options: KLDivOptions = {}): Tensor {
  return KLDivFunction.apply(input, target, options);
}

function newArrayLike(like: Tensor): Float32Array | Float64Array {
  return like.dtype === 'float64' ? new Float64Array(like.size) : new Float32Array(like.size);
}

function throwNegativeTarget(caller: string, shape: readonly number[], index: number, value: number): never {
  const position = shape.length === 0 ? '' : ` at ${formatPosition(shape, index)}`;
  throw new Error(
    `${caller}: target is ${value}${position}, but a probability cannot be negative; ` +
      'if target contains log-probabilities (logSoftmax output), pass { logTarget: true }',
  );
}

function klTerm(x: number, target: number, logTarget: boolean): number {
  if (logTarget) {
    const probability = Math.exp(target);
    return probability > 0 ? probability * (target - x) : 0;
  }
  return target > 0 ? target * (Math.log(target) - x) : 0;
}
