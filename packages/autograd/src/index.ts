/**
 * `@fusegrad/autograd`: the tape engine, `Function` and `FunctionCtx`, grad mode, `gradcheck`, and
 * every differentiable op, as a function and as a `Tensor` method.
 *
 * Importing this package installs the methods (`x.add(y)`, `loss.backward()`) on core's `Tensor`.
 *
 * @packageDocumentation
 */
import './methods.js';

export { backward } from './backward.js';
export type { BackwardOptions } from './engine.js';
export { detach } from './detach.js';
export { Function, type ForwardArguments, type ForwardResult, type FunctionClass } from './function.js';
export { FunctionCtx } from './function-ctx.js';
export { enableGrad, isGradEnabled, noGrad } from './grad-mode.js';
export {
  describeGradcheck,
  gradcheck,
  type GradcheckOptions,
  type GradcheckReport,
  type GradcheckWorst,
} from './gradcheck.js';

export { add } from './ops/add.js';
export { sub } from './ops/sub.js';
export { mul } from './ops/mul.js';
export { div } from './ops/div.js';
export { pow } from './ops/pow.js';
export { maximum } from './ops/maximum.js';
export { minimum } from './ops/minimum.js';
export { where } from './ops/where.js';
export { equal, greater, greaterEqual, less, lessEqual, notEqual } from './ops/comparisons.js';

export { neg } from './ops/neg.js';
export { exp } from './ops/exp.js';
export { log } from './ops/log.js';
export { log1p } from './ops/log1p.js';
export { sqrt } from './ops/sqrt.js';
export { abs } from './ops/abs.js';
export { sign } from './ops/sign.js';
export { relu } from './ops/relu.js';
export { tanh } from './ops/tanh.js';
export { sigmoid } from './ops/sigmoid.js';
export { gelu } from './ops/gelu.js';
export { erf } from './ops/erf.js';
export { clamp } from './ops/clamp.js';
export { cast } from './ops/cast.js';
export { clone } from './ops/clone.js';

export { sum } from './ops/sum.js';
export { mean } from './ops/mean.js';
export { max } from './ops/max.js';
export { min } from './ops/min.js';
export { logsumexp } from './ops/logsumexp.js';
export { argmax } from './ops/argmax.js';
export { softmax } from './ops/softmax.js';
export { logSoftmax } from './ops/log-softmax.js';

export { matmul } from './ops/matmul.js';
export { reshape } from './ops/reshape.js';
export { transpose } from './ops/transpose.js';
export { permute } from './ops/permute.js';
export { slice } from './ops/slice.js';
export { concat } from './ops/concat.js';
export { gather } from './ops/gather.js';
export { scatterAdd } from './ops/scatter-add.js';
export { indexSelect } from './ops/index-select.js';
export { indexAdd } from './ops/index-add.js';
export { broadcastTo } from './ops/broadcast-to.js';
export { sumToShape } from './ops/sum-to-shape.js';
export { oneHot } from './ops/one-hot.js';
