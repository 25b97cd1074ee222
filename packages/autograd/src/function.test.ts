import { type Tensor, tensor } from '@fusegrad/core';
import { gradcheckProperty, tensorArbitrary } from '@fusegrad/testing';
import test from 'ava';
import fc from 'fast-check';

import { Function, type FunctionCtx } from './index.js';

class ScaledSquare extends Function {
  static override forward(ctx: FunctionCtx<{ scale: number }>, x: Tensor, scale: number): Tensor {
    ctx.saveForBackward(x);
    ctx.attrs.scale = scale;
    return x.mul(x).mul(scale);
  }

  static override backward(ctx: FunctionCtx<{ scale: number }>, gradOutput: Tensor): (Tensor | null)[] {
    const [x] = ctx.savedTensors as [Tensor];
    return [gradOutput.mul(x).mul(2 * ctx.attrs.scale), null];
  }
}

test('custom Function computes gradients', (t) => {
  const x = tensor([1, -2], { requiresGrad: true });
  const y = ScaledSquare.apply(x, 3);

  t.deepEqual(y.toArray(), [3, 12]);
  t.is(y.gradFn?.name, 'ScaledSquare');

  y.sum().backward();
  t.deepEqual(x.grad?.toArray(), [6, -12]);
});

test('custom Function passes gradcheck', (t) => {
  t.notThrows(() =>
    fc.assert(gradcheckProperty((x: Tensor) => ScaledSquare.apply(x, 0.5), [tensorArbitrary()]), { numRuns: 20 }),
  );
});

test('needsInputGrad follows requiresGrad', (t) => {
  const seen: boolean[][] = [];
  class Record extends Function {
    static override forward(ctx: FunctionCtx, a: Tensor, b: Tensor): Tensor {
      seen.push([...ctx.needsInputGrad]);
      return a.add(b);
    }

    static override backward(_ctx: FunctionCtx, gradOutput: Tensor): (Tensor | null)[] {
      return [gradOutput, gradOutput];
    }
  }

  Record.apply(tensor([1]), tensor([2], { requiresGrad: true }));
  Record.apply(tensor([1]), tensor([2]));

  t.deepEqual(seen, [
    [false, true],
    [false, false],
  ]);
});

test('forward runs without recording', (t) => {
  let recorded: boolean | undefined;
  class Probe extends Function {
    static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
      const inner = x.mul(2);
      recorded = inner.requiresGrad;
      return inner;
    }

    static override backward(_ctx: FunctionCtx, gradOutput: Tensor): Tensor {
      return gradOutput.mul(2);
    }
  }

  const y = Probe.apply(tensor([1], { requiresGrad: true }));
  t.false(recorded);
  t.true(y.requiresGrad);
});

test('wrong gradient count throws', (t) => {
  class TooFew extends Function {
    static override forward(_ctx: FunctionCtx, a: Tensor, b: Tensor): Tensor {
      return a.add(b);
    }

    static override backward(_ctx: FunctionCtx, gradOutput: Tensor): (Tensor | null)[] {
      return [gradOutput];
    }
  }

  const y = TooFew.apply(tensor([1], { requiresGrad: true }), tensor([2]));
  const error = t.throws(() => y.sum().backward());
  t.regex(error.message, /TooFew\.backward returned 1 gradients, but forward took 2 arguments/);
});

test('single gradient for two inputs throws', (t) => {
  class Single extends Function {
    static override forward(_ctx: FunctionCtx, a: Tensor, b: Tensor): Tensor {
      return a.add(b);
    }

    static override backward(_ctx: FunctionCtx, gradOutput: Tensor): Tensor {
      return gradOutput;
    }
  }

  const y = Single.apply(tensor([1], { requiresGrad: true }), tensor([2]));
  t.throws(() => y.sum().backward(), { message: /Single\.backward returned a single gradient, but forward took 2/ });
});

test('wrong gradient shape throws', (t) => {
  class BadShape extends Function {
    static override forward(_ctx: FunctionCtx, a: Tensor, b: Tensor): Tensor {
      return a.add(b);
    }

    static override backward(_ctx: FunctionCtx, gradOutput: Tensor): (Tensor | null)[] {
      return [gradOutput, gradOutput];
    }
  }

  const a = tensor([[1, 2, 3]], { requiresGrad: true });
  const b = tensor([1, 2, 3], { requiresGrad: true });
  const error = t.throws(() => BadShape.apply(a, b).sum().backward());
  t.regex(error.message, /BadShape\.backward/);
  t.regex(error.message, /input 1/);
  t.regex(error.message, /shape \[1,3\]/);
  t.regex(error.message, /expected shape \[3\]/);
});

test('gradient for non-tensor argument throws', (t) => {
  class Extra extends Function {
    static override forward(_ctx: FunctionCtx, x: Tensor, _scale: number): Tensor {
      return x.mul(2);
    }

    static override backward(_ctx: FunctionCtx, gradOutput: Tensor): (Tensor | null)[] {
      return [gradOutput, gradOutput];
    }
  }

  const y = Extra.apply(tensor([1], { requiresGrad: true }), 2);
  t.throws(() => y.sum().backward(), { message: /Extra\.backward returned a gradient for input 1, but forward argument 1 is not a tensor/ });
});

test('missing forward names the Function', (t) => {
  class NoForward extends Function {}
  const error = t.throws(() => NoForward.apply(tensor([1])));
  t.regex(error.message, /NoForward\.forward is missing/);
});

test('missing backward names the Function', (t) => {
  class NoBackward extends Function {
    static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
      return x.mul(2);
    }
  }

  const y = NoBackward.apply(tensor([1], { requiresGrad: true }));
  t.throws(() => y.sum().backward(), { message: /NoBackward\.backward is missing/ });
});

test('forward returning a non-tensor throws', (t) => {
  class ReturnsNumber extends Function {
    static override forward(): Tensor {
      return 3 as unknown as Tensor;
    }
  }
  t.throws(() => ReturnsNumber.apply(), { message: /ReturnsNumber\.forward returned number as output 0/ });
});

test('identity forward gets its own output', (t) => {
  class Identity extends Function {
    static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
      return x;
    }

    static override backward(_ctx: FunctionCtx, gradOutput: Tensor): Tensor {
      return gradOutput;
    }
  }

  const x = tensor([1, 2], { requiresGrad: true });
  const y = Identity.apply(x);

  t.not(y, x);
  t.true(x.isLeaf);
  y.sum().backward();
  t.deepEqual(x.grad?.toArray(), [1, 1]);
});

test('non-differentiable output has no gradient', (t) => {
  class WithMask extends Function {
    static override forward(ctx: FunctionCtx, x: Tensor): Tensor[] {
      const mask = x.greater(0);
      ctx.markNonDifferentiable(mask);
      ctx.saveForBackward(mask);
      return [x.mul(mask), mask];
    }

    static override backward(ctx: FunctionCtx, gradOutput: Tensor | null, gradMask: Tensor | null): Tensor | null {
      const [mask] = ctx.savedTensors as [Tensor];
      return gradMask === null && gradOutput !== null ? gradOutput.mul(mask) : null;
    }
  }

  const x = tensor([-1, 2], { requiresGrad: true });
  const [y, mask] = WithMask.apply(x) as [Tensor, Tensor];

  t.true(y.requiresGrad);
  t.false(mask.requiresGrad);
  y.sum().backward();
  t.deepEqual(x.grad?.toArray(), [0, 1]);
});

test('second output gradient reaches backward', (t) => {
  class Split extends Function {
    static override forward(_ctx: FunctionCtx, x: Tensor): Tensor[] {
      return [x.mul(2), x.mul(3)];
    }

    static override backward(_ctx: FunctionCtx, gradFirst: Tensor | null, gradSecond: Tensor | null): Tensor {
      const first = gradFirst === null ? 0 : gradFirst.mul(2);
      const second = gradSecond === null ? 0 : gradSecond.mul(3);
      return (second as Tensor).add(first);
    }
  }

  const x = tensor([1], { requiresGrad: true });
  const [, second] = Split.apply(x) as [Tensor, Tensor];
  second.sum().backward();
  t.deepEqual(x.grad?.toArray(), [3]);
});

class OnceSquare extends Function {
  static override onceDifferentiable = true;

  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    ctx.saveForBackward(x);
    return x.mul(x);
  }

  static override backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
    const [x] = ctx.savedTensors as [Tensor];
    return gradOutput.mul(x).mul(2);
  }
}

test('once-differentiable first order works', (t) => {
  const x = tensor([3], { requiresGrad: true });
  OnceSquare.apply(x).sum().backward({ createGraph: true });
  t.deepEqual(x.grad?.toArray(), [6]);
});

test('once-differentiable guard throws', (t) => {
  const x = tensor([3], { requiresGrad: true });
  OnceSquare.apply(x).exp().sum().backward({ createGraph: true });
  const firstDerivative = x.grad!;
  t.true(firstDerivative.requiresGrad);

  const error = t.throws(() => firstDerivative.sum().backward());
  t.regex(error.message, /OnceSquare is once-differentiable/);
});

test('savedTensors rejects non-tensors', (t) => {
  class SavesNumber extends Function {
    static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
      ctx.saveForBackward(x, 3 as unknown as Tensor);
      return x;
    }
  }
  t.throws(() => SavesNumber.apply(tensor([1])), { message: /SavesNumber: saveForBackward argument 1 is number/ });
});

test('forward temporaries saved for backward are freed', (t) => {
  let saved: Tensor | undefined;
  class SavesTemporary extends Function {
    static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
      saved = x.mul(2);
      ctx.saveForBackward(saved);
      return x.add(1);
    }

    static override backward(_ctx: FunctionCtx, gradOutput: Tensor): Tensor {
      return gradOutput;
    }
  }

  const x = tensor([1], { requiresGrad: true });
  SavesTemporary.apply(x).sum().backward();
  t.true(saved?.isDisposed);
  t.false(x.isDisposed);
});
