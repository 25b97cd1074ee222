/**
 * The fast CPU path of the fused loss kernels: arithmetic exp/log in gpu.js
 * kernels, row blocks on persistent worker threads, and the measurement that
 * picks the fastest correct path for `'auto'`.
 */
export {
  computeCrossEntropyFast,
  computeJsdFast,
  fastLossPoolFor,
  type FastCrossEntropyInputs,
  type FastJsdInputs,
  type FastKernelResult,
} from './adapters.js';
export { benchFastPaths, type FastBenchEntry, type FastBenchOptions } from './bench.js';
export type { FastBackend, JsdConvention } from './block-runner.js';
export {
  createPow2Table,
  FAST_EXP_MAX_INPUT,
  FAST_EXP_MIN_INPUT,
  FAST_MATH_FUNCTIONS,
  fastExp,
  fastLog1p,
  POW2_TABLE_LENGTH,
  POW2_TABLE_OFFSET,
  type Pow2Constants,
} from './fast-math.js';
export { jsdChunk, type JsdChunkRequest } from './jsd-chunk.js';
export { FastPathNaNError } from './nan-error.js';
export {
  FastLossPool,
  type FastCrossEntropyRequest,
  type FastJsdRequest,
  type FastLossPoolOptions,
  type FastLossResult,
  type FastPoolStats,
} from './pool.js';
export { jsdReferenceFloat64, type JsdReference } from './reference.js';
export {
  getBackendFastLossPool,
  getSharedFastLossPool,
  measureFastPaths,
  pickFastPath,
  type FastPathCandidate,
  type FastPathMeasurement,
  type MeasureFastPathsOptions,
} from './select.js';
export { checkWebAssemblyInternals } from './webasm-direct.js';
