/**
 * The fused linear JSD: distillation loss and gradients from hidden states and output projections,
 * computed in row chunks so that the `[BT, V]` logits never exist whole.
 */
export { fusedLinearJSD } from './fused-linear-jsd.js';
export { FusedLinearJSDFunction } from './fused-linear-jsd-function.js';
export type { FusedLinearJsdOptions } from './options.js';
export { measureFusedLinearJsdMemory, type FusedLinearJsdMemoryOptions, type FusedLinearJsdMemoryReport } from './memory-measurement.js';
