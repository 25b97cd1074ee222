import type { Tensor } from '@fusegrad/core';
import { gelu, relu, sigmoid, tanh } from '@fusegrad/autograd';

import { Module } from '../module/module.js';

/**
 * Rectified linear unit `max(0, x)`, elementwise, as a module.
 *
 * @example
 * ```ts
 * import { ReLU, tensor } from 'fusegrad';
 *
 * console.log(new ReLU().call(tensor([-1, 2])).toArray()); // [0, 2]
 * ```
 */
export class ReLU extends Module {
  /**
   * Applies `max(0, x)`.
   *
   * @param input - Tensor of any shape.
   * @returns Tensor of the same shape.
   */
  forward(input: Tensor): Tensor {
    return relu(input);
  }
}

/**
 * Hyperbolic tangent, elementwise, as a module.
 *
 * @example
 * ```ts
 * import { Tanh, tensor } from 'fusegrad';
 *
 * console.log(new Tanh().call(tensor([0])).toArray()); // [0]
 * ```
 */
export class Tanh extends Module {
  /**
   * Applies `tanh(x)`.
   *
   * @param input - Tensor of any shape.
   * @returns Tensor of the same shape, values in (-1, 1).
   */
  forward(input: Tensor): Tensor {
    return tanh(input);
  }
}

/**
 * Logistic sigmoid `1 / (1 + exp(-x))`, elementwise, as a module.
 *
 * @example
 * ```ts
 * import { Sigmoid, tensor } from 'fusegrad';
 *
 * console.log(new Sigmoid().call(tensor([0])).toArray()); // [0.5]
 * ```
 */
export class Sigmoid extends Module {
  /**
   * Applies the logistic sigmoid.
   *
   * @param input - Tensor of any shape.
   * @returns Tensor of the same shape, values in (0, 1).
   */
  forward(input: Tensor): Tensor {
    return sigmoid(input);
  }
}

/**
 * Gaussian error linear unit `x * Phi(x)`, elementwise, as a module. It uses the
 * `gelu` op of `@fusegrad/autograd`.
 *
 * @example
 * ```ts
 * import { GELU, tensor } from 'fusegrad';
 *
 * console.log(new GELU().call(tensor([0])).toArray()); // [0]
 * ```
 */
export class GELU extends Module {
  /**
   * Applies GELU.
   *
   * @param input - Tensor of any shape.
   * @returns Tensor of the same shape.
   */
  forward(input: Tensor): Tensor {
    return gelu(input);
  }
}
