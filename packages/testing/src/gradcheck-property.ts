import { Tensor } from '@fusegrad/core';
import { describeGradcheck, gradcheck, type GradcheckOptions } from '@fusegrad/autograd';
import fc from 'fast-check';

/** Options of {@link gradcheckProperty}: those of `gradcheck`, plus which inputs to check. */
export interface GradcheckPropertyOptions extends GradcheckOptions {
  /** Indices of the inputs whose gradients are checked. Default: every tensor input. */
  wrt?: readonly number[];
}

/**
 * Builds a fast-check property that runs `gradcheck` on `fn` for inputs drawn from `arbitraries`,
 * so a custom Function gets a one-line gradient test. On failure the error that fast-check throws
 * has, as its `cause` (and in its message with `fc.assert`'s `includeErrorInReport: true`), a
 * description of the worst element, its analytic and numeric gradients, and the input shapes.
 *
 * @param fn - Function under test; it receives the generated arguments, tensors copied to float64.
 * @param arbitraries - Either one fast-check arbitrary per argument of `fn` (such as
 *   {@link tensorArbitrary}), or a single arbitrary of whole argument lists, for arguments that
 *   depend on each other (such as {@link broadcastableTensors}).
 * @param options - `gradcheck` tolerances, `gradOutput`, and `wrt`, the inputs to differentiate.
 * @returns A property to pass to `fc.assert`.
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { gradcheckProperty, tensorArbitrary } from '@fusegrad/testing';
 * import { Function, FunctionCtx, Tensor } from 'fusegrad';
 *
 * class Cube extends Function {
 *   static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
 *     ctx.saveForBackward(x);
 *     return x.mul(x).mul(x);
 *   }
 *
 *   static override backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
 *     const [x] = ctx.savedTensors;
 *     return gradOutput.mul(x!.mul(x!).mul(3));
 *   }
 * }
 *
 * fc.assert(gradcheckProperty((x: Tensor) => Cube.apply(x), [tensorArbitrary()]), { numRuns: 20 });
 * ```
 */
export function gradcheckProperty(
  fn: (...inputs: any[]) => Tensor | Tensor[],
  arbitraries: readonly fc.Arbitrary<unknown>[] | fc.Arbitrary<readonly unknown[]>,
  options: GradcheckPropertyOptions = {},
): fc.IPropertyWithHooks<[readonly unknown[]]> {
  const { wrt, ...gradcheckOptions } = options;
  const argumentLists: fc.Arbitrary<readonly unknown[]> =
    arbitraries instanceof fc.Arbitrary ? arbitraries : fc.tuple(...arbitraries);

  return fc.property(argumentLists, (values) => {
    const inputs = values.map((value, index) =>
      value instanceof Tensor && (wrt === undefined || wrt.includes(index))
        ? new Tensor(value.toFloat64Array(), value.shape, { requiresGrad: true })
        : value,
    );

    const report = gradcheck(fn, inputs, gradcheckOptions);

    if (!report.ok) {
      const shapes = values.map((value) => (value instanceof Tensor ? `[${value.shape.join(',')}]` : typeof value));
      throw new Error(`${describeGradcheck(report)}; input shapes ${shapes.join(' ')}`);
    }
  });
}
