/**
 * `@fusegrad/nn`: modules and layers, initialisers, optimizers, learning-rate
 * schedules, gradient clipping and safetensors checkpoints.
 *
 * @packageDocumentation
 */
export { Parameter } from './module/parameter.js';
export { Module, type AnyModule, type LoadStateDictOptions, type LoadStateDictResult } from './module/module.js';

export { Linear, type LinearOptions } from './layers/linear.js';
export { Embedding, type EmbeddingOptions } from './layers/embedding.js';
export { LayerNorm, type LayerNormOptions } from './layers/layer-norm.js';
export { Dropout, type DropoutOptions } from './layers/dropout.js';
export { GELU, ReLU, Sigmoid, Tanh } from './layers/activations.js';
export { Sequential, type TensorModule } from './layers/sequential.js';
export { MLP, type ActivationName, type MLPOptions } from './layers/mlp.js';

export { calculateFans, calculateGain, type Fans, type Nonlinearity } from './init/gain.js';
export {
  kaimingNormal,
  kaimingUniform,
  xavierNormal,
  xavierUniform,
  type InitOptions,
  type KaimingOptions,
  type XavierOptions,
} from './init/initializers.js';

export {
  Optimizer,
  type BaseHyperparameters,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamsInput,
  type ParamState,
} from './optim/optimizer.js';
export { SGD, type SGDOptions } from './optim/sgd.js';
export { Adam, type AdamOptions } from './optim/adam.js';
export { AdamW } from './optim/adamw.js';
export { LambdaLR, type LrLambda, type LrSchedulerState } from './optim/lr-scheduler.js';
export {
  CosineDecayLR,
  LinearWarmupLR,
  WarmupCosineLR,
  cosineDecayFactor,
  linearWarmupFactor,
  warmupCosineFactor,
  type CosineDecayOptions,
  type LinearWarmupOptions,
  type WarmupCosineOptions,
} from './optim/schedules.js';
export { clipGradNorm, type ClipGradNormOptions } from './clip-grad-norm.js';

export { encodeSafetensors } from './safetensors/encode.js';
export { decodeSafetensors, type SafetensorsContent } from './safetensors/decode.js';
export { loadSafetensors, saveSafetensors } from './safetensors/file.js';
