import type { DType, GradNode, Tensor } from '@fusegrad/core';

import type { FunctionCtx } from './function-ctx.js';
import type { FunctionClass } from './function.js';

/** Where the gradient of one forward argument goes: an earlier node's output, or a leaf's `.grad`. */
export type Edge =
  | { readonly kind: 'node'; readonly node: GraphNode; readonly outputIndex: number }
  | { readonly kind: 'leaf'; readonly leaf: Tensor };

/** Shape and dtype of a forward argument or output, kept after the tensor itself may be gone. */
export interface TensorMeta {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/**
 * One recorded call of a {@link Function}: the node that `tensor.gradFn` points to.
 *
 * The node keeps its inputs' edges and metadata but no reference to its outputs, so an output that
 * nothing else uses can be reclaimed even while the graph is alive.
 *
 * @internal
 */
export class GraphNode implements GradNode {
  /** Name of the Function, such as `'MatMulFunction'`, used in error messages. */
  readonly name: string;

  /** Whether a backward without `retainGraph` already ran through this node. */
  released = false;

  constructor(
    readonly functionClass: FunctionClass,
    readonly ctx: FunctionCtx<object>,
    /** One entry per forward argument; `null` where no gradient flows. */
    readonly edges: readonly (Edge | null)[],
    /** One entry per forward argument; `null` for arguments that are not tensors. */
    readonly inputs: readonly (TensorMeta | null)[],
    readonly outputs: readonly TensorMeta[],
  ) {
    this.name = functionClass.name;
  }
}

const outputIndices = new WeakMap<Tensor, number>();

/**
 * Records that `output` is output number `index` of its `gradFn` node.
 *
 * @internal
 */
export function setOutputIndex(output: Tensor, index: number): void {
  if (index !== 0) outputIndices.set(output, index);
}

/**
 * Returns which output of its `gradFn` node a tensor is; 0 for single-output Functions.
 *
 * @internal
 */
export function outputIndexOf(output: Tensor): number {
  return outputIndices.get(output) ?? 0;
}

/**
 * Returns the edge along which a gradient for `input` travels, or `null` when it needs none.
 *
 * @internal
 */
export function edgeTo(input: Tensor): Edge | null {
  if (!input.requiresGrad) return null;
  if (input.gradFn === null) return { kind: 'leaf', leaf: input };
  if (!(input.gradFn instanceof GraphNode)) {
    throw new Error(
      `autograd: tensor ${input.id} has a gradFn (${input.gradFn.name}) that fusegrad's autograd did not ` +
        'create; set gradFn only through Function.apply',
    );
  }
  return { kind: 'node', node: input.gradFn, outputIndex: outputIndexOf(input) };
}
