import { Tensor, type TypedArray } from '@fusegrad/core';

/** Hyperparameters every optimizer has. */
export interface BaseHyperparameters {
  /** Learning rate. Learning-rate schedulers rewrite this field of each group. */
  lr: number;
}

/** A group of parameters that share hyperparameters. */
export type ParamGroup<H extends BaseHyperparameters> = H & {
  /** The tensors of the group, updated in place by `step()`. */
  params: Tensor[];
};

/**
 * Parameters to optimize: an iterable of tensors, or a list of groups, each with
 * its own `params` and any hyperparameters that override the optimizer's defaults.
 */
export type ParamsInput<H extends BaseHyperparameters> =
  | Iterable<Tensor>
  | ReadonlyArray<
      {
        /** The tensors of the group. */
        params: Iterable<Tensor>;
      } & Partial<H>
    >;

/** Per-parameter optimizer state: the step count and buffers such as the momentum or moment estimates. */
export type ParamState = Record<string, number | TypedArray>;

/**
 * Serializable optimizer state in PyTorch's layout: parameters are referred to by
 * their index across all groups, in group order.
 */
export interface OptimizerStateDict<H extends BaseHyperparameters = BaseHyperparameters> {
  /** State by parameter index; buffers are float tensors with the parameter's shape. */
  state: Record<number, Record<string, number | Tensor>>;
  /** Each group's hyperparameters and the indices of its parameters. */
  paramGroups: (H & {
    /** Indices of the group's parameters. */
    params: number[];
  })[];
}

/**
 * Base class of the optimizers: holds the parameter groups and per-parameter state.
 *
 * Subclasses implement {@link Optimizer.step}, which updates the parameters'
 * storage in place. That write is the one sanctioned exception to "tensor data is
 * read-only": it records nothing on the autograd tape, so step between backward
 * passes, never inside a graph that still needs the old values.
 *
 * @example
 * ```ts
 * import { Optimizer, type ParamGroup, type Tensor } from 'fusegrad';
 *
 * // Sign descent: each parameter moves by lr against the sign of its gradient.
 * class SignSGD extends Optimizer<{ lr: number }> {
 *   constructor(params: Iterable<Tensor>, lr: number) {
 *     super('SignSGD', params, { lr });
 *   }
 *
 *   step(): void {
 *     for (const group of this.paramGroups) {
 *       for (const param of group.params) {
 *         const grad = this.gradientOf(param);
 *         if (grad === null) continue;
 *         const values = param.data;
 *         for (let i = 0; i < values.length; i++) values[i] = values[i]! - group.lr * Math.sign(grad[i]!);
 *       }
 *     }
 *   }
 *
 *   protected validateGroup(group: ParamGroup<{ lr: number }>): void {
 *     this.requireRange('lr', group.lr, group.lr >= 0, '>= 0');
 *   }
 * }
 * ```
 */
export abstract class Optimizer<H extends BaseHyperparameters = BaseHyperparameters> {
  /** Parameter groups with their current hyperparameters. */
  readonly paramGroups: ParamGroup<H>[];
  /** Hyperparameters used for groups that do not set their own. */
  readonly defaults: Readonly<H>;
  /** State of each parameter that has taken a step. */
  protected readonly state = new Map<Tensor, ParamState>();

  readonly #name: string;

  /**
   * Creates the groups from `params` and checks every group's hyperparameters.
   *
   * @param name - Class name used in error messages, such as `'SGD'`.
   * @param params - Tensors or parameter groups (see {@link ParamsInput}).
   * @param defaults - Hyperparameters for groups that do not override them.
   * @throws Error when there are no parameters, a tensor appears twice, or a hyperparameter is invalid.
   */
  protected constructor(name: string, params: ParamsInput<H>, defaults: H) {
    this.#name = name;
    this.defaults = Object.freeze({ ...defaults });
    this.paramGroups = toGroups(name, params, defaults);
    for (const group of this.paramGroups) this.validateGroup(group);
  }

  /**
   * Updates every parameter that has a gradient, once, from its `.grad`.
   *
   * @throws Error when a gradient's shape differs from its parameter's.
   */
  abstract step(): void;

  /** Checks one group's hyperparameters, throwing an error that names the invalid value. */
  protected abstract validateGroup(group: ParamGroup<H>): void;

  /**
   * Clears the gradient of every parameter by setting `.grad` to `null`, as
   * PyTorch does by default. The old gradient tensors are not disposed, because a
   * caller may still hold them.
   */
  zeroGrad(): void {
    for (const group of this.paramGroups) {
      for (const param of group.params) param.grad = null;
    }
  }

  /**
   * Returns a copy of the optimizer state and hyperparameters (see {@link OptimizerStateDict}).
   *
   * @returns Fresh tensors and objects that later steps do not change.
   */
  stateDict(): OptimizerStateDict<H> {
    const state: OptimizerStateDict<H>['state'] = {};
    const paramGroups: OptimizerStateDict<H>['paramGroups'] = [];
    let index = 0;
    for (const group of this.paramGroups) {
      const { params, ...hyper } = group;
      const indices: number[] = [];
      for (const param of params) {
        const paramState = this.state.get(param);
        if (paramState !== undefined) state[index] = exportState(paramState, param.shape);
        indices.push(index++);
      }
      paramGroups.push({ ...(hyper as unknown as H), params: indices });
    }
    return { state, paramGroups };
  }

  /**
   * Restores state and hyperparameters saved by {@link Optimizer.stateDict} from an
   * optimizer over parameters of the same shapes, in the same group layout.
   *
   * @param dict - A state dict; its tensors are copied, not kept.
   * @throws Error when the group count, a group's size, or a buffer's shape differs.
   */
  loadStateDict(dict: OptimizerStateDict<H>): void {
    if (dict.paramGroups.length !== this.paramGroups.length) {
      throw new Error(
        `${this.#name}.loadStateDict: state dict has ${dict.paramGroups.length} parameter groups, ` +
          `this optimizer has ${this.paramGroups.length}; load a state dict saved from the same group layout`,
      );
    }
    const params = this.paramGroups.flatMap((group) => group.params);
    this.paramGroups.forEach((group, g) => {
      const saved = dict.paramGroups[g]!;
      if (saved.params.length !== group.params.length) {
        throw new Error(
          `${this.#name}.loadStateDict: parameter group ${g} has ${saved.params.length} parameters in the state dict ` +
            `and ${group.params.length} here; load a state dict saved from the same model`,
        );
      }
    });

    const restored = new Map<Tensor, ParamState>();
    for (const [key, savedState] of Object.entries(dict.state)) {
      const param = params[Number(key)];
      if (param === undefined) {
        throw new Error(
          `${this.#name}.loadStateDict: state for parameter ${key}, but the optimizer has ${params.length} parameters`,
        );
      }
      restored.set(param, importState(this.#name, key, savedState, param));
    }

    this.paramGroups.forEach((group, g) => {
      const { params: _indices, ...hyper } = dict.paramGroups[g]!;
      Object.assign(group, hyper);
      this.validateGroup(group);
    });
    this.state.clear();
    for (const [param, paramState] of restored) this.state.set(param, paramState);
  }

  /** Returns the gradient storage of `param`, or `null` when it has none, after checking its shape. */
  protected gradientOf(param: Tensor): TypedArray | null {
    const grad = param.grad;
    if (grad === null) return null;
    if (grad.size !== param.size || grad.shape.some((dimension, axis) => dimension !== param.shape[axis])) {
      throw new Error(
        `${this.#name}.step: gradient shape [${grad.shape.join(', ')}] differs from parameter shape ` +
          `[${param.shape.join(', ')}]; a gradient must have its parameter's shape`,
      );
    }
    return grad.dtype === param.dtype ? grad.data : convert(grad.data, param.dtype === 'float64');
  }

  /** Returns a zero-filled buffer of the parameter's dtype and size. */
  protected zerosLikeParam(param: Tensor): TypedArray {
    return param.dtype === 'float64' ? new Float64Array(param.size) : new Float32Array(param.size);
  }

  /** Throws an error naming the hyperparameter, its value and the valid range. */
  protected requireRange(name: string, value: number, valid: boolean, range: string): void {
    if (!valid || !Number.isFinite(value)) {
      throw new Error(`${this.#name}: ${name} is ${value}; it must be ${range}`);
    }
  }
}

function toGroups<H extends BaseHyperparameters>(name: string, params: ParamsInput<H>, defaults: H): ParamGroup<H>[] {
  const items = [...(params as Iterable<unknown>)];
  const isGroups = items.length > 0 && !(items[0] instanceof Tensor);
  const rawGroups = isGroups
    ? (items as ({ params: Iterable<Tensor> } & Partial<H>)[])
    : [{ params: items as Tensor[] } as unknown as { params: Iterable<Tensor> } & Partial<H>];

  const seen = new Set<Tensor>();
  const groups = rawGroups.map((raw, g) => {
    const groupParams = [...raw.params];
    for (const param of groupParams) {
      if (!(param instanceof Tensor)) {
        throw new Error(`${name}: parameter group ${g} contains ${String(param)}, not a Tensor; pass module.parameters()`);
      }
      if (seen.has(param)) {
        throw new Error(
          `${name}: a tensor of shape [${param.shape.join(', ')}] appears twice in the parameters; ` +
            'pass each parameter once',
        );
      }
      seen.add(param);
    }
    return { ...defaults, ...raw, params: groupParams } as ParamGroup<H>;
  });

  if (seen.size === 0) {
    throw new Error(`${name}: got an empty parameter list; pass module.parameters() of a module that has parameters`);
  }
  return groups;
}

function convert(values: TypedArray, toFloat64: boolean): TypedArray {
  return toFloat64 ? Float64Array.from(values) : Float32Array.from(values);
}

function exportState(paramState: ParamState, shape: readonly number[]): Record<string, number | Tensor> {
  const exported: Record<string, number | Tensor> = {};
  for (const [key, value] of Object.entries(paramState)) {
    exported[key] = typeof value === 'number' ? value : new Tensor(value.slice(), shape);
  }
  return exported;
}

function importState(
  optimizerName: string,
  index: string,
  saved: Record<string, number | Tensor>,
  param: Tensor,
): ParamState {
  const paramState: ParamState = {};
  for (const [key, value] of Object.entries(saved)) {
    if (typeof value === 'number') {
      paramState[key] = value;
      continue;
    }
    if (value.size !== param.size || value.shape.some((dimension, axis) => dimension !== param.shape[axis])) {
      throw new Error(
        `${optimizerName}.loadStateDict: state "${key}" of parameter ${index} has shape [${value.shape.join(', ')}], ` +
          `but the parameter has shape [${param.shape.join(', ')}]; load a state dict saved from the same model`,
      );
    }
    paramState[key] = convert(value.data, param.dtype === 'float64');
  }
  return paramState;
}
