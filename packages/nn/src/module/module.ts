import { Tensor } from '@fusegrad/core';

import { Parameter } from './parameter.js';

/** Options of {@link Module.loadStateDict}. */
export interface LoadStateDictOptions {
  /**
   * Whether a key missing from the dict or a key the module does not have is an
   * error. Default: true. A shape mismatch is an error either way.
   */
  strict?: boolean;
}

/** Keys that {@link Module.loadStateDict} skipped when `strict` is false. */
export interface LoadStateDictResult {
  /** Parameter names of the module that the dict did not contain (always empty when `strict`). */
  missingKeys: string[];
  /** Keys of the dict that name no parameter of the module. */
  unexpectedKeys: string[];
}

/**
 * Base class of layers and models, modelled on PyTorch's `nn.Module`.
 *
 * Registration is by assignment: every own enumerable field whose value is a
 * {@link Parameter} or a `Module` is a parameter or a child, named after the
 * field, in the order the fields were first assigned. Plain tensors, arrays and
 * other values are not registered, so hold a list of layers in a
 * {@link Sequential}. A parameter or module reachable under two names (tied
 * weights) is listed once, under the first name.
 *
 * @typeParam Args - Argument types of {@link Module.forward}.
 * @typeParam Output - Return type of {@link Module.forward}.
 * @example
 * ```ts
 * import { Module, Linear, ReLU, Tensor, tensor } from 'fusegrad';
 *
 * class TwoLayer extends Module {
 *   hidden = new Linear(4, 8);
 *   activation = new ReLU();
 *   output = new Linear(8, 2);
 *
 *   forward(x: Tensor): Tensor {
 *     return this.output.call(this.activation.call(this.hidden.call(x)));
 *   }
 * }
 *
 * const model = new TwoLayer();
 * console.log(model.namedParameters().map(([name]) => name));
 * // ['hidden.weight', 'hidden.bias', 'output.weight', 'output.bias']
 * console.log(model.call(tensor([[1, 2, 3, 4]])).shape); // [1, 2]
 * ```
 */
export abstract class Module<Args extends unknown[] = [Tensor], Output = Tensor> {
  /** Whether the module is in training mode; {@link Module.train} and {@link Module.eval} set it recursively. */
  training = true;

  /**
   * Computes the module's output. Subclasses implement it.
   *
   * @param args - The inputs, typically one tensor.
   * @returns The output, typically one tensor.
   */
  abstract forward(...args: Args): Output;

  /**
   * Runs {@link Module.forward}; the callable form of the module, like calling a PyTorch module.
   *
   * @param args - The inputs of `forward`.
   * @returns The output of `forward`.
   */
  call(...args: Args): Output {
    return this.forward(...args);
  }

  /**
   * Lists the direct child modules with their field names.
   *
   * @returns `[name, module]` pairs in registration order.
   */
  namedChildren(): [string, AnyModule][] {
    const children: [string, AnyModule][] = [];
    for (const [name, value] of Object.entries(this)) {
      if (value instanceof Module) children.push([name, value]);
    }
    return children;
  }

  /**
   * Lists the direct child modules.
   *
   * @returns The children in registration order.
   */
  children(): AnyModule[] {
    return this.namedChildren().map(([, child]) => child);
  }

  /**
   * Lists this module and every descendant with dotted names, this module first
   * under the name `''`, depth first. Each module appears once.
   *
   * @returns `[name, module]` pairs.
   */
  namedModules(): [string, AnyModule][] {
    const result: [string, AnyModule][] = [];
    const seen = new Set<AnyModule>();
    // An explicit stack keeps deep models off the call stack; children are pushed in reverse to visit them in order.
    const stack: [string, AnyModule][] = [['', this as AnyModule]];
    while (stack.length > 0) {
      const [name, module] = stack.pop()!;
      if (seen.has(module)) continue;
      seen.add(module);
      result.push([name, module]);
      const children = module.namedChildren();
      for (let i = children.length - 1; i >= 0; i--) {
        const [childName, child] = children[i]!;
        stack.push([name === '' ? childName : `${name}.${childName}`, child]);
      }
    }
    return result;
  }

  /**
   * Lists the parameters of this module and its descendants with dotted names
   * such as `layers.0.weight`. Each parameter appears once.
   *
   * @returns `[name, parameter]` pairs, each module's own parameters before its children's.
   */
  namedParameters(): [string, Parameter][] {
    const result: [string, Parameter][] = [];
    const seen = new Set<Parameter>();
    for (const [prefix, module] of this.namedModules()) {
      for (const [name, value] of Object.entries(module)) {
        if (!(value instanceof Parameter) || seen.has(value)) continue;
        seen.add(value);
        result.push([prefix === '' ? name : `${prefix}.${name}`, value]);
      }
    }
    return result;
  }

  /**
   * Lists the parameters of this module and its descendants, for an optimizer.
   *
   * @returns The parameters in {@link Module.namedParameters} order.
   */
  parameters(): Parameter[] {
    return this.namedParameters().map(([, parameter]) => parameter);
  }

  /**
   * Counts the scalar parameters of this module and its descendants.
   *
   * @returns The sum of every parameter's size.
   */
  numParameters(): number {
    return this.parameters().reduce((total, parameter) => total + parameter.size, 0);
  }

  /**
   * Clears every parameter's gradient by setting `.grad` to `null`. The old
   * gradient tensors are not disposed, because a caller may still hold them.
   */
  zeroGrad(): void {
    for (const parameter of this.parameters()) parameter.grad = null;
  }

  /**
   * Sets training mode on this module and every descendant. Layers such as
   * {@link Dropout} behave differently in training and evaluation.
   *
   * @param mode - `true` for training, `false` for evaluation. Default: true.
   * @returns This module, for chaining.
   */
  train(mode = true): this {
    for (const [, module] of this.namedModules()) module.training = mode;
    return this;
  }

  /**
   * Sets evaluation mode on this module and every descendant; same as `train(false)`.
   *
   * @returns This module, for chaining.
   */
  eval(): this {
    return this.train(false);
  }

  /**
   * Copies every parameter into a dict keyed by its dotted name, for saving with
   * `saveSafetensors`.
   *
   * @returns New tensors that do not require a gradient and do not share storage with the parameters.
   */
  stateDict(): Record<string, Tensor> {
    const dict: Record<string, Tensor> = {};
    for (const [name, parameter] of this.namedParameters()) {
      dict[name] = new Tensor(parameter.data.slice(), parameter.shape);
    }
    return dict;
  }

  /**
   * Copies values from a dict, such as one from `loadSafetensors`, into the
   * parameters with the same dotted names. Values are converted to each
   * parameter's dtype. Every key is checked before any parameter changes, so a
   * failed load leaves the module as it was.
   *
   * @param dict - Tensors by dotted parameter name; they are only read.
   * @param options - `strict` (default true): also reject missing and unexpected keys.
   * @returns The keys that were skipped; both lists are empty after a strict load.
   * @throws Error listing every key whose shape differs (with both shapes) and, when
   *   `strict`, every missing key (with the module's shape) and unexpected key (with the dict's shape).
   */
  loadStateDict(dict: Readonly<Record<string, Tensor>>, options: LoadStateDictOptions = {}): LoadStateDictResult {
    const { strict = true } = options;
    const parameters = new Map(this.namedParameters());
    const missingKeys = [...parameters.keys()].filter((name) => !(name in dict));
    const unexpectedKeys = Object.keys(dict).filter((name) => !parameters.has(name));

    const problems: string[] = [];
    for (const [name, parameter] of parameters) {
      const value = dict[name];
      if (value === undefined) continue;
      if (!sameShape(value.shape, parameter.shape)) {
        problems.push(
          `key "${name}" has shape ${formatDims(value.shape)} in the state dict but ${formatDims(parameter.shape)} in the module`,
        );
      }
    }
    if (strict) {
      for (const name of missingKeys) {
        problems.push(`missing key "${name}" (the module's parameter has shape ${formatDims(parameters.get(name)!.shape)})`);
      }
      for (const name of unexpectedKeys) {
        problems.push(`unexpected key "${name}" with shape ${formatDims(dict[name]!.shape)} (the module has no such parameter)`);
      }
    }
    if (problems.length > 0) {
      throw new Error(
        `${this.constructor.name}.loadStateDict: the state dict does not match the module:\n  ${problems.join('\n  ')}\n` +
          'Load a state dict saved from the same architecture' +
          (strict ? ', or pass { strict: false } to skip missing and unexpected keys.' : '.'),
      );
    }

    for (const [name, parameter] of parameters) {
      const value = dict[name];
      // Writing the parameter's own storage keeps optimizers that hold it working.
      if (value !== undefined) parameter.data.set(value.data);
    }
    return { missingKeys, unexpectedKeys };
  }
}

/** A module with any forward signature, as children and containers hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModule = Module<any[], any>;

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dimension, axis) => dimension === b[axis]);
}

function formatDims(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
