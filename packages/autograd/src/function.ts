import { Tensor } from '@fusegrad/core';

import { FunctionCtx, releaseSavedTensors, stateOf } from './function-ctx.js';
import { isGradEnabled, withGradMode } from './grad-mode.js';
import { edgeTo, GraphNode, setOutputIndex, type TensorMeta } from './graph-node.js';
import { copyTensor, peekNextTensorId } from './tensor-utils.js';

/** The static side of a {@link Function} subclass, as the engine calls it. */
export interface FunctionClass {
  /** Class name, used in error messages and as the graph node's name. */
  readonly name: string;
  /** Whether differentiating the gradients of this Function must throw. */
  readonly onceDifferentiable: boolean;
  /**
   * Computes the outputs from the arguments of `apply`.
   *
   * @param ctx - Context to save tensors and attributes for backward.
   * @param args - The arguments of `apply`.
   * @returns The output tensor or tensors.
   */
  forward(ctx: FunctionCtx<any>, ...args: any[]): Tensor | Tensor[];
  /**
   * Computes one gradient per forward argument from the outputs' gradients.
   *
   * @param ctx - The context that forward filled.
   * @param gradOutputs - One gradient per output, or `null`.
   * @returns One gradient or `null` per forward argument.
   */
  backward(ctx: FunctionCtx<any>, ...gradOutputs: (Tensor | null)[]): Tensor | null | (Tensor | null)[];
}

/** The arguments that a Function's `apply` takes: those of its `forward` after `ctx`. */
export type ForwardArguments<F extends FunctionClass> = F['forward'] extends (
  ctx: any,
  ...args: infer Args
) => unknown
  ? Args
  : never;

/** The result type of a Function's `apply`, which is the return type of its `forward`. */
export type ForwardResult<F extends FunctionClass> = ReturnType<F['forward']>;

/**
 * Base class of differentiable operations, in the style of `torch.autograd.Function`: subclasses
 * define static `forward` and `backward`, and callers use the static `apply`.
 *
 * `forward(ctx, ...args)` runs with graph recording off and returns a tensor or an array of
 * tensors. Arguments may be tensors or any other values (numbers, options objects). `backward(ctx,
 * ...gradOutputs)` receives one gradient per output (`null` for an output that received none) and
 * returns one entry per forward argument: a tensor with that argument's shape, or `null` for
 * non-tensor arguments and inputs without a gradient. After each backward the engine checks the
 * count and every shape.
 *
 * Without `createGraph`, backward runs with recording off and the tensors it creates but does not
 * return are disposed when it returns, so do not keep them in `ctx.attrs`. Set
 * `static onceDifferentiable = true` when backward is not itself differentiable (for example
 * because it calls raw kernels): differentiating its gradients then throws an error naming the
 * Function instead of returning a wrong higher-order gradient.
 *
 * @example
 * ```ts
 * import { Function, FunctionCtx, Tensor, tensor } from 'fusegrad';
 *
 * // f(x, y) = x * y + y, with a hand-written gradient.
 * class MulAdd extends Function {
 *   static override forward(ctx: FunctionCtx, x: Tensor, y: Tensor): Tensor {
 *     ctx.saveForBackward(x, y);
 *     return x.mul(y).add(y);
 *   }
 *
 *   static override backward(ctx: FunctionCtx, gradOutput: Tensor): (Tensor | null)[] {
 *     const [x, y] = ctx.savedTensors;
 *     const gradX = ctx.needsInputGrad[0] ? gradOutput.mul(y!) : null;
 *     const gradY = ctx.needsInputGrad[1] ? gradOutput.mul(x!.add(1)) : null;
 *     return [gradX, gradY];
 *   }
 * }
 *
 * const x = tensor([2], { requiresGrad: true });
 * const y = tensor([5], { requiresGrad: true });
 * MulAdd.apply(x, y).sum().backward();
 * console.log(x.grad?.item(), y.grad?.item()); // 5 3
 * ```
 */
export abstract class Function {
  /** Whether differentiating this Function's gradients (with `createGraph`) must throw. */
  static onceDifferentiable = false;

  /**
   * Computes the outputs. Subclasses must override it.
   *
   * @param ctx - Context to save tensors and attributes for backward.
   * @param args - The arguments given to {@link Function.apply}.
   * @returns The output tensor, or an array of output tensors.
   * @throws Error always in this base class, naming the subclass that lacks a forward.
   */
  static forward(ctx: FunctionCtx<any>, ...args: any[]): Tensor | Tensor[] {
    void ctx;
    void args;
    throw new Error(
      `${this.name}.forward is missing: define static forward(ctx, ...inputs) in ${this.name} ` +
        'that returns the output tensor or an array of output tensors',
    );
  }

  /**
   * Computes the gradient of each forward argument from the gradients of the outputs. Subclasses
   * that need gradients must override it.
   *
   * @param ctx - The context that forward filled.
   * @param gradOutputs - One gradient per output, each with that output's shape, or `null`.
   * @returns One entry per forward argument: a gradient with that argument's shape, or `null`. A
   *   single tensor is accepted when forward took one argument.
   * @throws Error always in this base class, naming the subclass that lacks a backward.
   */
  static backward(ctx: FunctionCtx<any>, ...gradOutputs: (Tensor | null)[]): Tensor | null | (Tensor | null)[] {
    void ctx;
    void gradOutputs;
    throw new Error(
      `${this.name}.backward is missing: define static backward(ctx, ...gradOutputs) in ${this.name} ` +
        'that returns one gradient per forward argument (null for non-tensor arguments)',
    );
  }

  /**
   * Runs forward and, when an argument requires a gradient and recording is on, records the call
   * so that backward can reach it.
   *
   * @param args - The arguments of this Function's `forward`, after `ctx`.
   * @returns What forward returns. Outputs require gradients when an input does, except those
   *   marked non-differentiable.
   * @throws Error when forward is missing or returns something other than tensors.
   */
  static apply<F extends FunctionClass>(this: F, ...args: ForwardArguments<F>): ForwardResult<F> {
    return applyFunction(this, args) as ForwardResult<F>;
  }
}

function applyFunction(functionClass: FunctionClass, args: readonly unknown[]): Tensor | Tensor[] {
  const name = functionClass.name;
  const inputRequiresGrad = args.map((arg) => arg instanceof Tensor && arg.requiresGrad);
  const recording = isGradEnabled() && inputRequiresGrad.some(Boolean);
  const ctx = new FunctionCtx(name, recording ? inputRequiresGrad : inputRequiresGrad.map(() => false));

  const firstNewId = peekNextTensorId();
  const result = withGradMode(false, () => functionClass.forward(ctx, ...args));
  const outputs = checkOutputs(name, result);

  const state = stateOf(ctx);
  for (const saved of state.saved) {
    if (saved !== null && saved.id >= firstNewId && !outputs.includes(saved)) state.owned.add(saved);
  }
  if (!recording) {
    releaseSavedTensors(ctx);
    return result;
  }

  // An output must be a tensor of its own, so that its gradFn does not overwrite an input's.
  const fresh = outputs.map((output) => (output.id < firstNewId || output.gradFn !== null ? copyTensor(output) : output));
  const node = new GraphNode(
    functionClass,
    ctx,
    args.map((arg) => (arg instanceof Tensor ? edgeTo(arg) : null)),
    args.map((arg) => (arg instanceof Tensor ? metaOf(arg) : null)),
    fresh.map(metaOf),
  );
  fresh.forEach((output, index) => {
    if (state.nonDifferentiable.has(outputs[index]!)) return;
    output.requiresGrad = true;
    output.gradFn = node;
    setOutputIndex(output, index);
  });

  return Array.isArray(result) ? fresh : fresh[0]!;
}

function checkOutputs(name: string, result: unknown): Tensor[] {
  const outputs = Array.isArray(result) ? result : [result];
  if (outputs.length === 0) {
    throw new Error(`${name}.forward returned an empty array; return at least one output tensor`);
  }
  outputs.forEach((output, index) => {
    if (!(output instanceof Tensor)) {
      const what = output === null ? 'null' : typeof output;
      throw new Error(
        `${name}.forward returned ${what} as output ${index}; return a Tensor or an array of Tensors ` +
          '(keep other values in ctx.attrs)',
      );
    }
  });
  return outputs as Tensor[];
}


function metaOf(value: Tensor): TensorMeta {
  return { shape: value.shape, dtype: value.dtype };
}
