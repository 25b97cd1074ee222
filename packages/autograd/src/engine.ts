import { keep, type Tensor } from '@fusegrad/core';

import { callBackward } from './call-backward.js';
import { releasedError, releaseSavedTensors, stateOf } from './function-ctx.js';
import { withGradMode } from './grad-mode.js';
import { GraphNode, outputIndexOf, type Edge } from './graph-node.js';
import { add } from './ops/add.js';
import { cast } from './ops/cast.js';
import { clone } from './ops/clone.js';

/** Options of `backward()`. */
export interface BackwardOptions {
  /**
   * Keep saved tensors after this backward, so another backward can run through the same graph.
   * Default: the value of `createGraph`.
   */
  retainGraph?: boolean;
  /** Record the backward computation, so the gradients can be differentiated again. Default: `false`. */
  createGraph?: boolean;
}

// Gradients in `.grad` that the engine created and nothing else refers to; later backward calls
// add into their storage instead of allocating a new sum.
const ownedLeafGradients = new WeakSet<Tensor>();

/**
 * Runs reverse mode from `roots`, seeded with `seeds` (already checked: one per root, same shape),
 * and accumulates into the `.grad` of every leaf reached. Tensors with an id of at least
 * `firstNewId` were created for this call, so the engine may dispose them once consumed.
 *
 * @internal
 */
export function runBackward(
  roots: readonly Tensor[],
  seeds: readonly Tensor[],
  options: BackwardOptions,
  firstNewId: number,
): void {
  const pass = new BackwardPass(options, firstNewId);
  pass.run(roots, seeds);
}

/**
 * State of one backward call: dependency counts, gradient buffers, and the reference counts that
 * let the engine dispose each gradient it created as soon as the last consumer has used it.
 */
class BackwardPass {
  readonly #createGraph: boolean;
  readonly #retainGraph: boolean;
  readonly #firstNewId: number;

  // Number of edges from not-yet-run nodes into each node or leaf.
  readonly #pendingNodes = new Map<GraphNode, number>();
  readonly #pendingLeaves = new Map<Tensor, number>();
  readonly #nodeBuffers = new Map<GraphNode, (Tensor | null)[]>();
  readonly #leafBuffers = new Map<Tensor, Tensor>();
  readonly #ready: GraphNode[] = [];
  readonly #readyLeaves: Tensor[] = [];

  // Gradients this pass created (and may dispose), with the number of places that hold each.
  readonly #disposable = new Set<Tensor>();
  readonly #holders = new Map<Tensor, number>();

  constructor(options: BackwardOptions, firstNewId: number) {
    this.#createGraph = options.createGraph ?? false;
    this.#retainGraph = options.retainGraph ?? this.#createGraph;
    this.#firstNewId = firstNewId;
  }

  run(roots: readonly Tensor[], seeds: readonly Tensor[]): void {
    this.#countDependencies(roots);

    roots.forEach((root, index) => this.#seed(root, seeds[index]!));

    // Seeds are delivered first, so a root that another root depends on still waits for it.
    for (const node of this.#nodeBuffers.keys()) {
      if (!this.#pendingNodes.has(node)) this.#ready.push(node);
    }

    while (this.#ready.length > 0) this.#runNode(this.#ready.pop()!);
  }

  #seed(root: Tensor, seed: Tensor): void {
    this.#adoptIfNew(seed);
    this.#hold(seed);
    if (root.gradFn === null) {
      this.#deliver({ kind: 'leaf', leaf: root }, seed);
    } else {
      // Unlike a delivery along an edge, a seed does not count down the node's consumers.
      const node = root.gradFn as GraphNode;
      const outputIndex = outputIndexOf(root);
      let buffer = this.#nodeBuffers.get(node);
      if (buffer === undefined) {
        buffer = node.outputs.map(() => null);
        this.#nodeBuffers.set(node, buffer);
      }
      buffer[outputIndex] = this.#sum(buffer[outputIndex] ?? null, seed);
    }
    this.#drop(seed);
    this.#finishReadyLeaves();
  }

  // Walks the graph iteratively (an explicit stack), so a long chain cannot overflow the call stack.
  #countDependencies(roots: readonly Tensor[]): void {
    const visited = new Set<GraphNode>();
    const stack: GraphNode[] = [];
    for (const root of roots) {
      if (root.gradFn === null) {
        this.#pendingLeaves.set(root, (this.#pendingLeaves.get(root) ?? 0) + 1);
        continue;
      }
      const node = root.gradFn as GraphNode;
      if (!visited.has(node)) {
        visited.add(node);
        stack.push(node);
      }
    }

    while (stack.length > 0) {
      const node = stack.pop()!;
      for (const edge of node.edges) {
        if (edge === null) continue;
        if (edge.kind === 'leaf') {
          this.#pendingLeaves.set(edge.leaf, (this.#pendingLeaves.get(edge.leaf) ?? 0) + 1);
          continue;
        }
        this.#pendingNodes.set(edge.node, (this.#pendingNodes.get(edge.node) ?? 0) + 1);
        if (!visited.has(edge.node)) {
          visited.add(edge.node);
          stack.push(edge.node);
        }
      }
    }
  }

  #runNode(node: GraphNode): void {
    const gradOutputs = this.#nodeBuffers.get(node) ?? node.outputs.map(() => null);
    this.#nodeBuffers.delete(node);
    if (node.released) throw releasedError(node.name);

    // A node whose outputs all received no gradient passes none on, but still counts as run.
    const gradients = gradOutputs.some((gradient) => gradient !== null)
      ? callBackward(node, gradOutputs, this.#createGraph, this.#firstNewId)
      : node.edges.map(() => null);

    for (const gradient of gradients) if (gradient !== null) this.#adoptResult(node, gradient);
    if (!this.#retainGraph) {
      node.released = true;
      releaseSavedTensors(node.ctx);
    }

    for (const gradient of gradients) if (gradient !== null) this.#hold(gradient);
    node.edges.forEach((edge, index) => {
      if (edge !== null) this.#deliver(edge, gradients[index] ?? null);
    });
    for (const gradient of gradients) if (gradient !== null) this.#drop(gradient);
    for (const gradient of gradOutputs) if (gradient !== null) this.#drop(gradient);
    this.#finishReadyLeaves();
  }

  #deliver(edge: Edge, gradient: Tensor | null): void {
    if (edge.kind === 'node') {
      if (gradient !== null) {
        let buffer = this.#nodeBuffers.get(edge.node);
        if (buffer === undefined) {
          buffer = edge.node.outputs.map(() => null);
          this.#nodeBuffers.set(edge.node, buffer);
        }
        buffer[edge.outputIndex] = this.#sum(buffer[edge.outputIndex] ?? null, gradient);
      }

      const pending = (this.#pendingNodes.get(edge.node) ?? 1) - 1;
      this.#pendingNodes.set(edge.node, pending);
      if (pending === 0 && this.#nodeBuffers.has(edge.node)) this.#ready.push(edge.node);
      else if (pending === 0) this.#skipNode(edge.node);
      return;
    }

    const leaf = edge.leaf;
    if (gradient !== null) {
      const buffered = this.#sum(this.#leafBuffers.get(leaf) ?? null, gradient);
      this.#leafBuffers.set(leaf, buffered);
    }
    const pending = (this.#pendingLeaves.get(leaf) ?? 1) - 1;
    this.#pendingLeaves.set(leaf, pending);
    if (pending === 0) this.#readyLeaves.push(leaf);
  }

  // Runs after the caller has dropped its own holds, so a gradient that only the leaf's buffer
  // still holds is handed over to `.grad` instead of copied.
  #finishReadyLeaves(): void {
    while (this.#readyLeaves.length > 0) {
      const leaf = this.#readyLeaves.pop()!;
      const total = this.#leafBuffers.get(leaf);
      this.#leafBuffers.delete(leaf);
      if (total !== undefined) this.#accumulate(leaf, total);
    }
  }

  // A node that received no gradient at all still releases its dependents' counts.
  #skipNode(node: GraphNode): void {
    const stack = [node];
    while (stack.length > 0) {
      const skipped = stack.pop()!;
      for (const edge of skipped.edges) {
        if (edge === null) continue;
        if (edge.kind === 'leaf') {
          this.#deliver(edge, null);
          continue;
        }
        const pending = (this.#pendingNodes.get(edge.node) ?? 1) - 1;
        this.#pendingNodes.set(edge.node, pending);
        if (pending > 0) continue;
        if (this.#nodeBuffers.has(edge.node)) this.#ready.push(edge.node);
        else stack.push(edge.node);
      }
    }
  }

  // Adds an incoming gradient to a buffer slot; the slot then holds the result.
  #sum(existing: Tensor | null, incoming: Tensor): Tensor {
    this.#hold(incoming);
    if (existing === null) return incoming;

    const total = withGradMode(this.#createGraph, () => add(existing, incoming));
    this.#adoptIfNew(total);
    this.#hold(total);
    this.#drop(existing);
    this.#drop(incoming);
    return total;
  }

  #accumulate(leaf: Tensor, incoming: Tensor): void {
    let gradient = incoming;
    if (gradient.dtype !== leaf.dtype) {
      gradient = withGradMode(this.#createGraph, () => cast(incoming, leaf.dtype));
      this.#adoptIfNew(gradient);
      this.#hold(gradient);
      this.#drop(incoming);
    }

    const existing = leaf.grad;
    if (existing === null) {
      leaf.grad = this.#takeForLeaf(gradient);
      return;
    }

    // Adding in place keeps one buffer per parameter, as PyTorch does; a reference to the old
    // `.grad` sees the new sum, also as in PyTorch.
    // NOTE: unlike PyTorch, there is no version counter: a graph that saved this `.grad` as an
    // input (an op on `x.grad` with recording on) would see the new values in its backward.
    const inPlace =
      !this.#createGraph &&
      ownedLeafGradients.has(existing) &&
      !existing.isDisposed &&
      existing.gradFn === null &&
      existing.dtype === gradient.dtype &&
      existing.size === gradient.size;
    if (inPlace) {
      const target = existing.data;
      const values = gradient.data;
      for (let i = 0; i < target.length; i++) target[i] += values[i];
      this.#drop(gradient);
      return;
    }

    const total = withGradMode(this.#createGraph, () => add(existing, gradient));
    this.#drop(gradient);
    leaf.grad = keep(total);
    if (!this.#createGraph) ownedLeafGradients.add(total);
  }

  // Hands a gradient over to a leaf's `.grad`. A gradient that something else may still use (a
  // caller's tensor, a saved tensor, or one also waiting in another buffer) is copied instead.
  #takeForLeaf(gradient: Tensor): Tensor {
    const exclusive = this.#disposable.has(gradient) && this.#holders.get(gradient) === 1;
    if (exclusive) {
      this.#disposable.delete(gradient);
      this.#holders.delete(gradient);
    }

    const stored = exclusive || (this.#createGraph && gradient.id >= this.#firstNewId)
      ? gradient
      : withGradMode(this.#createGraph, () => clone(gradient));
    if (!exclusive) this.#drop(gradient);
    if (!this.#createGraph) ownedLeafGradients.add(stored);
    return keep(stored);
  }

  // A gradient this pass created belongs to the pass. So does a saved tensor that forward created
  // and backward returned, once the node releases its saved tensors.
  #adoptResult(node: GraphNode, gradient: Tensor): void {
    if (this.#createGraph) return;
    if (gradient.id >= this.#firstNewId) {
      this.#disposable.add(gradient);
      return;
    }
    const owned = stateOf(node.ctx).owned;
    if (!this.#retainGraph && owned.has(gradient)) {
      owned.delete(gradient);
      this.#disposable.add(gradient);
    }
  }

  #adoptIfNew(gradient: Tensor): void {
    if (!this.#createGraph && gradient.id >= this.#firstNewId) this.#disposable.add(gradient);
  }

  #hold(gradient: Tensor): void {
    this.#holders.set(gradient, (this.#holders.get(gradient) ?? 0) + 1);
  }

  #drop(gradient: Tensor): void {
    const holders = (this.#holders.get(gradient) ?? 1) - 1;
    if (holders > 0) {
      this.#holders.set(gradient, holders);
      return;
    }
    this.#holders.delete(gradient);
    if (this.#disposable.delete(gradient)) gradient.dispose();
  }
}
