/**
 * `@fusegrad/losses`: the fused Jensen-Shannon divergence and cross entropy (loss and gradient in
 * one gpu.js launch, cached for backward), their unfused and KL siblings, the distillation loss,
 * and the raw gpu.js loss kernels.
 *
 * @packageDocumentation
 */
export { JSDFunction, type JsdOptions } from './jsd/jsd-function.js';
export { jsd } from './jsd/jsd.js';
export { JSD, type JsdModuleOptions } from './jsd/jsd-module.js';
export { jsdUnfused } from './jsd/jsd-unfused.js';
export { KLDivFunction, klDiv, type KLDivOptions } from './kl-div.js';
export { CrossEntropyFunction, crossEntropy, type CrossEntropyOptions } from './cross-entropy.js';
export { distillationLoss, type DistillationLossOptions } from './distillation-loss.js';
export type { Labels, Reduction } from './validation.js';
export { computeJsd, computeJsdAsync, type JsdKernelInputs, type JsdKernelResult } from './kernels/jsd-kernel.js';
export { computeJsdFloat64, type JsdFloat64Inputs, type JsdFloat64Result } from './kernels/jsd-float64.js';
export {
  computeCrossEntropy,
  computeCrossEntropyAsync,
  type CrossEntropyKernelInputs,
  type CrossEntropyKernelResult,
} from './kernels/cross-entropy-kernel.js';
export {
  computeCrossEntropyFloat64,
  type CrossEntropyFloat64Inputs,
  type CrossEntropyFloat64Result,
} from './kernels/cross-entropy-float64.js';
export * from './fast/index.js';
export * from './fused-linear-jsd/index.js';
