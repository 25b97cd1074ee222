import { getDefaultGenerator, uniform, Tensor, type DType, type Generator } from '@fusegrad/core';

import { calculateGain, computeFans, type Nonlinearity } from './gain.js';

/** Options every initializer takes. */
export interface InitOptions {
  /** Source of the random numbers. Default: the generator that `manualSeed` reseeds. */
  generator?: Generator;
  /** Element type of the result. Default: `'float32'`. */
  dtype?: DType;
}

/** Options of {@link kaimingUniform} and {@link kaimingNormal}. */
export interface KaimingOptions extends InitOptions {
  /** Negative slope of the leaky_relu that follows the layer. Default: 0. */
  a?: number;
  /** `'fanIn'` keeps the forward variance, `'fanOut'` the backward variance. Default: `'fanIn'`. */
  mode?: 'fanIn' | 'fanOut';
  /** Nonlinearity that follows the layer. Default: `'leaky_relu'`, as in PyTorch. */
  nonlinearity?: Nonlinearity;
}

/** Options of {@link xavierUniform} and {@link xavierNormal}. */
export interface XavierOptions extends InitOptions {
  /** Scaling factor, such as `calculateGain('tanh')`. Default: 1. */
  gain?: number;
}

/**
 * Creates a tensor with Kaiming (He) uniform initialisation, as
 * `torch.nn.init.kaiming_uniform_`: samples from U(-bound, bound) with
 * `bound = gain * sqrt(3 / fan)`, where `gain = calculateGain(nonlinearity, a)`.
 *
 * @param shape - Weight shape `[out, in, ...kernel]`, at least 2 dimensions.
 * @param options - `a`, `mode`, `nonlinearity`, `generator`, `dtype` (see {@link KaimingOptions}).
 * @returns A new tensor that does not require a gradient.
 * @throws Error when the shape has fewer than 2 dimensions or the nonlinearity is unknown.
 * @example
 * ```ts
 * import { kaimingUniform, Generator } from 'fusegrad';
 *
 * const weight = kaimingUniform([64, 784], { nonlinearity: 'relu', generator: new Generator(1) });
 * console.log(weight.shape); // [64, 784]
 * ```
 */
export function kaimingUniform(shape: readonly number[], options: KaimingOptions = {}): Tensor {
  const std = kaimingStd('kaimingUniform', shape, options);
  const bound = Math.sqrt(3) * std;
  return uniform(shape, -bound, bound, randomOptions(options));
}

/**
 * Creates a tensor with Kaiming (He) normal initialisation, as
 * `torch.nn.init.kaiming_normal_`: samples from N(0, std^2) with `std = gain / sqrt(fan)`.
 *
 * @param shape - Weight shape `[out, in, ...kernel]`, at least 2 dimensions.
 * @param options - `a`, `mode`, `nonlinearity`, `generator`, `dtype` (see {@link KaimingOptions}).
 * @returns A new tensor that does not require a gradient.
 * @throws Error when the shape has fewer than 2 dimensions or the nonlinearity is unknown.
 * @example
 * ```ts
 * import { kaimingNormal } from 'fusegrad';
 *
 * const weight = kaimingNormal([64, 784], { nonlinearity: 'relu', mode: 'fanOut' });
 * console.log(weight.shape); // [64, 784]
 * ```
 */
export function kaimingNormal(shape: readonly number[], options: KaimingOptions = {}): Tensor {
  const std = kaimingStd('kaimingNormal', shape, options);
  return scaledNormal(shape, std, options);
}

/**
 * Creates a tensor with Xavier (Glorot) uniform initialisation, as
 * `torch.nn.init.xavier_uniform_`: samples from U(-bound, bound) with
 * `bound = gain * sqrt(6 / (fanIn + fanOut))`.
 *
 * @param shape - Weight shape `[out, in, ...kernel]`, at least 2 dimensions.
 * @param options - `gain` (default 1), `generator`, `dtype`.
 * @returns A new tensor that does not require a gradient.
 * @throws Error when the shape has fewer than 2 dimensions.
 * @example
 * ```ts
 * import { xavierUniform, calculateGain } from 'fusegrad';
 *
 * const weight = xavierUniform([32, 16], { gain: calculateGain('tanh') });
 * console.log(weight.shape); // [32, 16]
 * ```
 */
export function xavierUniform(shape: readonly number[], options: XavierOptions = {}): Tensor {
  const std = xavierStd('xavierUniform', shape, options);
  const bound = Math.sqrt(3) * std;
  return uniform(shape, -bound, bound, randomOptions(options));
}

/**
 * Creates a tensor with Xavier (Glorot) normal initialisation, as
 * `torch.nn.init.xavier_normal_`: samples from N(0, std^2) with
 * `std = gain * sqrt(2 / (fanIn + fanOut))`.
 *
 * @param shape - Weight shape `[out, in, ...kernel]`, at least 2 dimensions.
 * @param options - `gain` (default 1), `generator`, `dtype`.
 * @returns A new tensor that does not require a gradient.
 * @throws Error when the shape has fewer than 2 dimensions.
 * @example
 * ```ts
 * import { xavierNormal } from 'fusegrad';
 *
 * const weight = xavierNormal([32, 16]);
 * console.log(weight.shape); // [32, 16]
 * ```
 */
export function xavierNormal(shape: readonly number[], options: XavierOptions = {}): Tensor {
  const std = xavierStd('xavierNormal', shape, options);
  return scaledNormal(shape, std, options);
}

function kaimingStd(call: string, shape: readonly number[], options: KaimingOptions): number {
  const { a = 0, mode = 'fanIn', nonlinearity = 'leaky_relu' } = options;
  if (mode !== 'fanIn' && mode !== 'fanOut') {
    throw new Error(`${call}: mode is "${String(mode)}"; expected "fanIn" or "fanOut"`);
  }
  const fans = computeFans(call, shape);
  const fan = mode === 'fanIn' ? fans.fanIn : fans.fanOut;
  return calculateGain(nonlinearity, a) / Math.sqrt(fan);
}

function xavierStd(call: string, shape: readonly number[], options: XavierOptions): number {
  const { gain = 1 } = options;
  const { fanIn, fanOut } = computeFans(call, shape);
  return gain * Math.sqrt(2 / (fanIn + fanOut));
}

function randomOptions(options: InitOptions): { generator: Generator; dtype: DType } {
  return { generator: options.generator ?? getDefaultGenerator(), dtype: options.dtype ?? 'float32' };
}

function scaledNormal(shape: readonly number[], std: number, options: InitOptions): Tensor {
  const { generator, dtype } = randomOptions(options);
  const size = shape.reduce((product, dimension) => product * dimension, 1);
  const values = dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = std * generator.normal();
  return new Tensor(values, shape);
}
