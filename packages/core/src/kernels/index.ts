/**
 * Forward kernels: pure computations on tensors that record nothing for autograd. Each returns a
 * new tensor with fresh storage and never writes to an input. The result is float64 when any value
 * tensor input is float64, else float32; masks and index tensors do not affect it.
 *
 * @packageDocumentation
 */

// Elementwise binary ops with NumPy broadcasting.
export { add } from './add.js';
export { sub } from './sub.js';
export { mul } from './mul.js';
export { div } from './div.js';
export { pow } from './pow.js';
export { maximum } from './maximum.js';
export { minimum } from './minimum.js';

// Comparisons, returning 1 and 0.
export { equal } from './equal.js';
export { notEqual } from './not-equal.js';
export { less } from './less.js';
export { lessEqual } from './less-equal.js';
export { greater } from './greater.js';
export { greaterEqual } from './greater-equal.js';

// Elementwise unary ops and selection.
export { where } from './where.js';
export { neg } from './neg.js';
export { exp } from './exp.js';
export { log } from './log.js';
export { log1p } from './log1p.js';
export { sqrt } from './sqrt.js';
export { abs } from './abs.js';
export { sign } from './sign.js';
export { relu } from './relu.js';
export { tanh } from './tanh.js';
export { sigmoid } from './sigmoid.js';
export { gelu } from './gelu.js';
export { erf } from './erf.js';
export { clamp } from './clamp.js';
export { cast } from './cast.js';

// Reductions and normalisation along axes.
export { sum } from './sum.js';
export { mean } from './mean.js';
export { max } from './max.js';
export { min } from './min.js';
export { logsumexp } from './logsumexp.js';
export { argmax } from './argmax.js';
export { softmax } from './softmax.js';
export { logSoftmax } from './log-softmax.js';

// Structure: products, layout, indexing.
export { matmul } from './matmul.js';
export { reshape } from './reshape.js';
export { transpose } from './transpose.js';
export { permute } from './permute.js';
export { slice } from './slice.js';
export { concat } from './concat.js';
export { gather } from './gather.js';
export { scatterAdd } from './scatter-add.js';
export { indexSelect } from './index-select.js';
export { indexAdd } from './index-add.js';
export { broadcastTo } from './broadcast-to.js';
export { sumToShape } from './sum-to-shape.js';
export { oneHot } from './one-hot.js';
