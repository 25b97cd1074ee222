import { Tensor } from '@fusegrad/core';

interface CtxState {
  readonly functionName: string;
  saved: (Tensor | null)[];
  released: boolean;
  // Saved tensors that forward created and did not return: nothing else refers to them, so the
  // context disposes them when it releases its saved tensors.
  readonly owned: Set<Tensor>;
  readonly nonDifferentiable: Set<Tensor>;
}

const states = new WeakMap<FunctionCtx<object>, CtxState>();

/**
 * Context that a {@link Function}'s `forward` fills and its `backward` reads, like the `ctx` of
 * `torch.autograd.Function`.
 *
 * @typeParam Attrs - Shape of {@link FunctionCtx.attrs}, the non-tensor state kept for backward.
 * @example
 * ```ts
 * import { Function, FunctionCtx, Tensor, tensor } from 'fusegrad';
 *
 * class Scale extends Function {
 *   static override forward(ctx: FunctionCtx<{ factor: number }>, x: Tensor, factor: number): Tensor {
 *     ctx.attrs.factor = factor;
 *     return x.mul(factor);
 *   }
 *
 *   static override backward(ctx: FunctionCtx<{ factor: number }>, gradOutput: Tensor): (Tensor | null)[] {
 *     return [gradOutput.mul(ctx.attrs.factor), null];
 *   }
 * }
 *
 * const x = tensor([1, 2], { requiresGrad: true });
 * Scale.apply(x, 3).sum().backward();
 * console.log(x.grad?.toArray()); // [ 3, 3 ]
 * ```
 */
export class FunctionCtx<Attrs extends object = Record<string, unknown>> {
  /** One flag per forward argument: whether that argument is a tensor that needs a gradient. */
  readonly needsInputGrad: readonly boolean[];

  /** Non-tensor state that forward stores for backward, such as an axis or a scale factor. */
  readonly attrs: Attrs;

  /**
   * Creates the context of one call; {@link Function.apply} does this.
   *
   * @param functionName - Name of the Function, used in error messages.
   * @param needsInputGrad - One flag per forward argument.
   * @internal
   */
  constructor(functionName: string, needsInputGrad: readonly boolean[]) {
    this.needsInputGrad = Object.freeze([...needsInputGrad]);
    this.attrs = {} as Attrs;
    states.set(this, {
      functionName,
      saved: [],
      released: false,
      owned: new Set(),
      nonDifferentiable: new Set(),
    });
  }

  /**
   * Stores tensors for backward, replacing those of an earlier call. Save inputs or outputs here
   * rather than in {@link FunctionCtx.attrs}, so the engine can release them after backward.
   *
   * @param tensors - Tensors (or `null` placeholders) that backward reads from
   *   {@link FunctionCtx.savedTensors}, in the same order.
   * @returns Nothing.
   * @throws Error when an argument is neither a tensor nor `null`.
   * @example
   * ```ts
   * import { Function, FunctionCtx, Tensor, tensor } from 'fusegrad';
   *
   * class Square extends Function {
   *   static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
   *     ctx.saveForBackward(x);
   *     return x.mul(x);
   *   }
   *
   *   static override backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
   *     const [x] = ctx.savedTensors;
   *     return gradOutput.mul(x!).mul(2);
   *   }
   * }
   *
   * const x = tensor([3], { requiresGrad: true });
   * Square.apply(x).sum().backward();
   * console.log(x.grad?.item()); // 6
   * ```
   */
  saveForBackward(...tensors: (Tensor | null)[]): void {
    const state = stateOf(this);
    tensors.forEach((saved, index) => {
      if (saved !== null && !(saved instanceof Tensor)) {
        throw new Error(
          `${state.functionName}: saveForBackward argument ${index} is ${typeof saved}, expected a Tensor ` +
            'or null; keep numbers and other values in ctx.attrs',
        );
      }
    });
    state.saved = [...tensors];
  }

  /**
   * The tensors passed to {@link FunctionCtx.saveForBackward}, in the same order.
   *
   * @throws Error when a backward without `retainGraph` already released them.
   */
  get savedTensors(): (Tensor | null)[] {
    const state = stateOf(this);
    if (state.released) throw releasedError(state.functionName);
    return [...state.saved];
  }

  /**
   * Marks outputs that have no gradient, such as integer indices returned beside values. They
   * never require gradients, and backward receives `null` for them.
   *
   * @param outputs - Tensors that forward returns.
   * @returns Nothing.
   * @example
   * ```ts
   * import { Function, FunctionCtx, Tensor, kernels, tensor, zerosLike } from 'fusegrad';
   *
   * class ReluWithMask extends Function {
   *   static override forward(ctx: FunctionCtx, x: Tensor): Tensor[] {
   *     const mask = kernels.greater(x, zerosLike(x));
   *     ctx.markNonDifferentiable(mask);
   *     ctx.saveForBackward(mask);
   *     return [kernels.mul(x, mask), mask];
   *   }
   *
   *   static override backward(ctx: FunctionCtx, gradOutput: Tensor | null): Tensor | null {
   *     const [mask] = ctx.savedTensors;
   *     return gradOutput === null ? null : gradOutput.mul(mask!);
   *   }
   * }
   *
   * const [y, mask] = ReluWithMask.apply(tensor([-1, 2], { requiresGrad: true }));
   * console.log(y!.requiresGrad, mask!.requiresGrad); // true false
   * ```
   */
  markNonDifferentiable(...outputs: Tensor[]): void {
    const state = stateOf(this);
    for (const output of outputs) state.nonDifferentiable.add(output);
  }
}

/**
 * Returns the engine-side state of a context.
 *
 * @internal
 */
export function stateOf(ctx: FunctionCtx<object>): CtxState {
  const state = states.get(ctx);
  if (state === undefined) throw new Error('FunctionCtx: context was not created by Function.apply');
  return state;
}

/**
 * Drops the saved tensors of a context and disposes those that forward created for backward alone.
 *
 * @internal
 */
export function releaseSavedTensors(ctx: FunctionCtx<object>): void {
  const state = stateOf(ctx);
  if (state.released) return;
  state.released = true;
  state.saved = [];
  for (const owned of state.owned) owned.dispose();
  state.owned.clear();
}

/**
 * Builds the error for a second backward through a context whose saved tensors were released.
 *
 * @internal
 */
export function releasedError(functionName: string): Error {
  return new Error(
    `backward: ${functionName} already ran in an earlier backward, which freed this graph and its saved ` +
      'tensors; pass { retainGraph: true } to the first backward() to run backward through the graph again',
  );
}
