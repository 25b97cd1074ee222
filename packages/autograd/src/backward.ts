import { formatShape, shapesEqual, Tensor, tensor, type TensorLike } from '@fusegrad/core';

import { runBackward, type BackwardOptions } from './engine.js';
import { peekNextTensorId } from './tensor-utils.js';

/**
 * Computes the gradients of `tensors` with respect to every leaf that requires a gradient, and
 * adds them to those leaves' `.grad`, like `torch.autograd.backward`.
 *
 * Each output needs an upstream gradient of its shape; one-element outputs default to 1. Gradients
 * accumulate across calls until you set `.grad` to `null`. Without `retainGraph`, the graph's
 * saved tensors are released, and a second backward through it throws.
 *
 * @param tensors - Output tensor, or outputs to differentiate together.
 * @param gradOutputs - Upstream gradient per output (`dL/doutput`, same shape as that output), or
 *   `null`/`undefined` for one-element outputs. For an array of outputs, an array of the same length.
 * @param options - `retainGraph` and `createGraph`.
 * @returns Nothing; the gradients are in the leaves' `.grad`.
 * @throws Error when an output does not require a gradient, when a non-scalar output has no
 *   gradOutput or one of another shape, or when the graph was already released.
 * @example
 * ```ts
 * import { backward, tensor } from 'fusegrad';
 *
 * const x = tensor([1, 2, 3], { requiresGrad: true });
 * const y = x.mul(x);
 * backward(y, [1, 1, 1]);
 * console.log(x.grad?.toArray()); // [ 2, 4, 6 ]
 * ```
 */
export function backward(
  tensors: Tensor | readonly Tensor[],
  gradOutputs?: TensorLike | null | readonly (TensorLike | null | undefined)[],
  options: BackwardOptions = {},
): void {
  const roots = tensors instanceof Tensor ? [tensors] : [...tensors];
  let upstream: readonly (TensorLike | null | undefined)[];
  if (tensors instanceof Tensor) {
    upstream = [gradOutputs as TensorLike | null | undefined];
  } else if (gradOutputs === undefined || gradOutputs === null) {
    upstream = roots.map(() => null);
  } else if (Array.isArray(gradOutputs) && gradOutputs.length === roots.length) {
    upstream = gradOutputs;
  } else {
    throw new Error(
      `backward: got ${roots.length} output tensors, so gradOutputs must be an array of ${roots.length} ` +
        'entries (a tensor or null each)',
    );
  }

  const firstNewId = peekNextTensorId();
  const seeds = roots.map((root, index) => seedFor(root, upstream[index] ?? null, index));
  runBackward(roots, seeds, options, firstNewId);
}

function seedFor(root: unknown, gradOutput: TensorLike | null, index: number): Tensor {
  if (!(root instanceof Tensor)) {
    throw new Error(`backward: output ${index} is ${typeof root}, expected a Tensor`);
  }
  if (!root.requiresGrad) {
    throw new Error(
      `backward: output ${index} of shape ${formatShape(root.shape)} does not require a gradient and has ` +
        'no gradFn; create the leaves with { requiresGrad: true } and compute the output outside noGrad',
    );
  }

  if (gradOutput === null) {
    if (root.size !== 1) {
      throw new Error(
        `backward: output ${index} has shape ${formatShape(root.shape)}, not a single element, so it needs ` +
          'an explicit gradOutput of that shape; pass one, or reduce the output first (sum() or mean())',
      );
    }
    return tensor(1, { dtype: root.dtype, shape: root.shape });
  }

  const seed = gradOutput instanceof Tensor ? gradOutput : seedFromValues(root, gradOutput);
  if (!shapesEqual(seed.shape, root.shape)) {
    throw new Error(
      `backward: gradOutput ${index} has shape ${formatShape(seed.shape)} but output ${index} has shape ` +
        `${formatShape(root.shape)}; pass a gradOutput with the output's shape`,
    );
  }
  return seed;
}

// A number or a flat list of the right length takes the output's shape; nested arrays keep theirs.
function seedFromValues(root: Tensor, values: Exclude<TensorLike, Tensor>): Tensor {
  const isFlat =
    typeof values === 'number' ||
    values instanceof Float32Array ||
    values instanceof Float64Array ||
    (Array.isArray(values) && values.every((value) => typeof value === 'number'));
  const count = typeof values === 'number' ? 1 : (values as ArrayLike<unknown>).length;
  if (isFlat && count === root.size) return tensor(values, { dtype: root.dtype, shape: root.shape });
  return tensor(values, { dtype: root.dtype });
}
