/**
 * Kernel sources of the fast loss path. They are plain `function`
 * expressions because gpu.js parses kernels from their source text. They
 * call the helpers from `fast-math.ts`, and the exported `*_SOURCE` strings
 * have those calls inlined, so that no GPU instance needs `addFunction`.
 */
import type { Pow2Constants } from './fast-math.js';
import { fastExp as fastExpWithTable, fastLog1p } from './fast-math.js';
import { inlineHelpers } from './inline-helpers.js';

// Kernels call the helper by its gpu.js name; gpu.js supplies the table as
// `this.constants.pow2`, which TypeScript cannot see at the call site.
const fastExp = fastExpWithTable as unknown as (x: number) => number;

/** `this` inside a 2-D kernel. */
interface KernelThis extends Pow2Constants {
  readonly thread: { readonly x: number; readonly y: number; readonly z: number };
}

/** Value of the `kind` kernel argument that selects the mixture JSD. */
export const JSD_KIND_MIXTURE = 0;
/** Value of the `kind` kernel argument that selects forward KL(P || Q) (beta = 0). */
export const JSD_KIND_FORWARD_KL = 1;
/** Value of the `kind` kernel argument that selects reverse KL(Q || P) (beta = 1). */
export const JSD_KIND_REVERSE_KL = 2;

/**
 * Per element of a `[rows, V]` block: the JSD gradient with respect to the
 * student log-probability, scaled by the row weight, and the unscaled
 * pointwise loss term. Returns `[gradient, lossTerm]`.
 *
 * Arguments: `X` student and `Y` teacher log-probabilities `[rows][V]`,
 * `W` row weights `[rows]` (0 skips the row), `beta`, `logBeta` and
 * `logOneMinusBeta` (finite: the caller clamps log 0 to -1e30), and `kind`
 * (0 mixture, 1 forward KL, 2 reverse KL). Zero probabilities follow
 * 0 log 0 = 0 through the `> 0` guards; the differences `y - x` use the
 * unclamped inputs, so an infinite KL stays Infinity.
 *
 * A NaN in X or Y makes the loss term NaN, on ignored rows too, because the
 * guards would otherwise drop it. The caller finds the NaN through the row
 * sums. Comparisons see NaN on the webasm and cpu backends only, so callers
 * on headlessgl scan the inputs themselves.
 */
export function jsdPairKernel(
  this: KernelThis,
  X: number[][],
  Y: number[][],
  W: number[],
  beta: number,
  logBeta: number,
  logOneMinusBeta: number,
  kind: number,
): [number, number] {
  const weight = W[this.thread.y];
  const x = X[this.thread.y][this.thread.x];
  const y = Y[this.thread.y][this.thread.x];
  let gradient = 0.0;
  let lossTerm = 0.0;
  if (weight != 0.0) {
    const q = fastExp(x);
    const p = fastExp(y);
    if (kind == 1.0) {
      if (p > 0.0) {
        lossTerm = p * (y - x);
        gradient = -p * weight;
      }
    } else if (kind == 2.0) {
      if (q > 0.0) {
        lossTerm = q * (x - y);
        gradient = (lossTerm + q) * weight;
      }
    } else {
      const a = beta * p;
      const b = (1.0 - beta) * q;
      // log M = log(a + b) as the larger of log a = logBeta + y and
      // log b = logOneMinusBeta + x plus log1p of the smaller-to-larger
      // ratio, so no general logarithm runs.
      const logA = logBeta + y;
      const logB = logOneMinusBeta + x;
      let logMixture = logA;
      let ratio = 0.0;
      if (logA >= logB) {
        if (a > 0.0) {
          ratio = b / a;
        }
      } else {
        logMixture = logB;
        if (b > 0.0) {
          ratio = a / b;
        }
      }
      const logRatio = fastLog1p(ratio);
      logMixture = logMixture + logRatio;
      let studentTerm = 0.0;
      if (b > 0.0) {
        studentTerm = b * (x - logMixture);
      }
      lossTerm = studentTerm;
      if (a > 0.0) {
        lossTerm = lossTerm + a * (y - logMixture);
      }
      gradient = studentTerm * weight;
    }
  }
  if (x != x || y != y) {
    lossTerm = x + y;
  }
  return [gradient, lossTerm];
}

/**
 * Sub-kernel that stores the loss term in the kernel-map form of
 * {@link jsdPairKernel}.
 */
export function jsdLossTerm(lossTerm: number): number {
  return lossTerm;
}

/** Source of {@link jsdPairKernel} with the fast-math helpers inlined. */
export const JSD_PAIR_KERNEL_SOURCE = inlineHelpers(jsdPairKernel.toString(), [fastExpWithTable, fastLog1p]);

/**
 * Source of the kernel-map form of {@link jsdPairKernel}, helpers inlined:
 * the same body, but it returns the gradient and stores the loss term
 * through {@link jsdLossTerm}, for backends whose two-output form is a
 * kernel map (cpu, headlessgl).
 */
export const JSD_MAP_KERNEL_SOURCE = toKernelMapSource(JSD_PAIR_KERNEL_SOURCE);

/**
 * Per element of a `[rows, V]` block of logits: exp(z - rowMax), or 0 on a
 * row whose weight is 0. The caller sums each row in float64 and forms the
 * softmax, the log-sum-exp and the gradient from these numerators.
 */
export function softmaxNumeratorKernel(this: KernelThis, Z: number[][], rowMax: number[], W: number[]): number {
  let numerator = 0.0;
  if (W[this.thread.y] != 0.0) {
    const shifted = Z[this.thread.y][this.thread.x] - rowMax[this.thread.y];
    const shiftedExp = fastExp(shifted);
    numerator = shiftedExp;
  }
  return numerator;
}

function toKernelMapSource(pairSource: string): string {
  const pairReturn = 'return [gradient, lossTerm];';
  if (!pairSource.includes(pairReturn)) {
    throw new Error(`jsdPairKernel: its compiled source no longer ends with "${pairReturn}"; update toKernelMapSource`);
  }
  return pairSource.replace(pairReturn, 'jsdLossTerm(lossTerm);\n  return gradient;');
}

/** Source of {@link softmaxNumeratorKernel} with the fast-math helpers inlined. */
export const SOFTMAX_NUMERATOR_KERNEL_SOURCE = inlineHelpers(softmaxNumeratorKernel.toString(), [fastExpWithTable]);
