import type { Tensor } from '@fusegrad/core';

import { Module } from '../module/module.js';

/** A module that maps one tensor to one tensor, as {@link Sequential} chains them. */
export type TensorModule = Module<[Tensor], Tensor>;

/**
 * Chain of modules applied in order, like PyTorch's `nn.Sequential`. The
 * modules are registered as children named `0`, `1`, ..., so their parameters
 * are named `0.weight`, `1.bias` and so on.
 *
 * @example
 * ```ts
 * import { Sequential, Linear, ReLU, tensor } from 'fusegrad';
 *
 * const model = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2));
 * console.log(model.namedParameters()[0][0]); // '0.weight'
 * console.log(model.call(tensor([[1, 2, 3, 4]])).shape); // [1, 2]
 * ```
 */
export class Sequential extends Module {
  /** The modules by position, as registered children. */
  readonly [index: number]: TensorModule;

  /**
   * Creates the chain.
   *
   * @param layers - Modules that each take and return one tensor, in application order.
   * @throws Error when an argument is not a {@link Module}.
   */
  constructor(...layers: TensorModule[]) {
    super();
    layers.forEach((layer, index) => {
      if (!(layer instanceof Module)) {
        throw new Error(`Sequential: argument ${index} is ${String(layer)}, not a Module; pass layers such as new Linear(4, 8)`);
      }
      // Integer keys keep their numeric order in Object.entries, which is the registration order.
      (this as unknown as Record<number, TensorModule>)[index] = layer;
    });
  }

  /** Number of modules in the chain. */
  get length(): number {
    return this.children().length;
  }

  /**
   * Applies the modules in order.
   *
   * @param input - Input of the first module.
   * @returns Output of the last module, or `input` itself when the chain is empty.
   */
  forward(input: Tensor): Tensor {
    let output = input;
    for (const layer of this.children() as TensorModule[]) output = layer.call(output);
    return output;
  }

  /** Iterates over the modules in order. */
  *[Symbol.iterator](): IterableIterator<TensorModule> {
    yield* this.children() as TensorModule[];
  }
}
