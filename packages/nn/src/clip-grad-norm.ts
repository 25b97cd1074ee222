import { Tensor } from '@fusegrad/core';

/** Options of {@link clipGradNorm}. */
export interface ClipGradNormOptions {
  /** Order of the norm: a positive number, or `Infinity` for the max-abs norm. Default: 2. */
  normType?: number;
  /** Whether to throw when the total norm is NaN or infinite. Default: false. */
  errorIfNonfinite?: boolean;
}

/**
 * Scales the gradients of `parameters` so that their global norm is at most
 * `maxNorm`, with the semantics of PyTorch's `torch.nn.utils.clip_grad_norm_`.
 *
 * The total norm is the norm of all gradients taken as one vector. Every
 * gradient is multiplied by `min(1, maxNorm / (totalNorm + 1e-6))`, in place,
 * because the engine gives each parameter a `.grad` buffer of its own. A
 * gradient that is itself on the tape (from `backward` with `createGraph`) is
 * replaced by a scaled copy instead. Parameters whose `.grad` is `null` are skipped.
 *
 * @param parameters - Tensors whose `.grad` to clip, such as `module.parameters()`.
 * @param maxNorm - Maximum global norm, >= 0.
 * @param options - `normType` (default 2) and `errorIfNonfinite` (default false).
 * @returns The total norm of the gradients before clipping, computed in float64.
 * @throws Error when `maxNorm` or `normType` is invalid, or when `errorIfNonfinite`
 *   is set and the total norm is NaN or infinite.
 * @example
 * ```ts
 * import { clipGradNorm, Linear, tensor } from 'fusegrad';
 *
 * const layer = new Linear(2, 1);
 * layer.forward(tensor([[100, 200]])).sum().backward();
 * const totalNorm = clipGradNorm(layer.parameters(), 1.0);
 * console.log(totalNorm > 1); // true: the gradients were scaled down to norm 1
 * ```
 */
export function clipGradNorm(parameters: Iterable<Tensor>, maxNorm: number, options: ClipGradNormOptions = {}): number {
  const { normType = 2, errorIfNonfinite = false } = options;
  if (!(maxNorm >= 0)) {
    throw new Error(`clipGradNorm: maxNorm is ${maxNorm}; it must be a number >= 0`);
  }
  if (!(normType > 0)) {
    throw new Error(`clipGradNorm: normType is ${normType}; it must be a positive number or Infinity`);
  }

  const withGrads = [...parameters].filter((param) => param.grad !== null);
  if (withGrads.length === 0) return 0;
  const grads = withGrads.map((param) => param.grad!);

  const totalNorm = globalNorm(grads, normType);
  if (errorIfNonfinite && !Number.isFinite(totalNorm)) {
    throw new Error(
      `clipGradNorm: total norm of order ${normType} of the gradients is ${totalNorm}; ` +
        'the gradients contain NaN or infinite values, so check the loss and learning rate',
    );
  }

  // PyTorch adds 1e-6 to the norm and clamps the coefficient to 1, so small norms are left as they are.
  const coefficient = Math.min(1, maxNorm / (totalNorm + 1e-6));
  if (coefficient < 1) {
    for (const param of withGrads) scaleGradient(param, coefficient);
  }
  return totalNorm;
}

// A gradient recorded on the tape (backward with createGraph) is replaced, not written, so its graph stays valid.
function scaleGradient(param: Tensor, coefficient: number): void {
  const grad = param.grad!;
  if (grad.gradFn === null) {
    const values = grad.data;
    for (let i = 0; i < values.length; i++) values[i] = values[i]! * coefficient;
    return;
  }
  const scaled = grad.data.slice();
  for (let i = 0; i < scaled.length; i++) scaled[i] = scaled[i]! * coefficient;
  param.grad = new Tensor(scaled, grad.shape);
}

function globalNorm(grads: readonly Tensor[], normType: number): number {
  if (normType === Infinity) {
    let maximum = 0;
    for (const grad of grads) {
      for (const value of grad.data) {
        const magnitude = Math.abs(value);
        // NaN must propagate, which Math.max does and a comparison would not.
        maximum = Math.max(maximum, magnitude);
      }
    }
    return maximum;
  }
  let sum = 0;
  for (const grad of grads) {
    for (const value of grad.data) sum += Math.abs(value) ** normType;
  }
  return sum ** (1 / normType);
}
