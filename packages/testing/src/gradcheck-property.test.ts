import type { Tensor } from '@fusegrad/core';
import { Function, type FunctionCtx } from '@fusegrad/autograd';
import test from 'ava';
import fc from 'fast-check';

import { broadcastableTensors, gradcheckProperty, tensorArbitrary } from './index.js';

class Cube extends Function {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    ctx.saveForBackward(x);
    return x.mul(x).mul(x);
  }

  static override backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
    const [x] = ctx.savedTensors as [Tensor];
    return gradOutput.mul(x.mul(x).mul(3));
  }
}

class WrongCube extends Function {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    ctx.saveForBackward(x);
    return x.mul(x).mul(x);
  }

  // Deliberately wrong: the factor should be 3.
  static override backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
    const [x] = ctx.savedTensors as [Tensor];
    return gradOutput.mul(x.mul(x).mul(2));
  }
}

test('property passes a correct Function', (t) => {
  t.notThrows(() => fc.assert(gradcheckProperty((x: Tensor) => Cube.apply(x), [tensorArbitrary()]), { numRuns: 30 }));
});

test('property fails a wrong Function', (t) => {
  const error = t.throws(() =>
    fc.assert(gradcheckProperty((x: Tensor) => WrongCube.apply(x), [tensorArbitrary({ minRank: 1, avoid: [0] })]), {
      numRuns: 30,
    }),
  );
  // fast-check 4 keeps the predicate's error as the cause of its own.
  const cause = (error as Error & { cause?: Error }).cause;
  t.regex(cause?.message ?? '', /gradcheck failed: worst is input 0 element \[/);
  t.regex(cause?.message ?? '', /input shapes \[/);
});

test('property accepts argument-list arbitraries', (t) => {
  t.notThrows(() =>
    fc.assert(gradcheckProperty((a: Tensor, b: Tensor) => a.mul(b).add(a), broadcastableTensors()), { numRuns: 30 }),
  );
});

test('wrt limits the checked inputs', (t) => {
  // The gradient of b is wrong (b goes through a detached copy), so only checking a passes.
  const fn = (a: Tensor, b: Tensor): Tensor => a.mul(b.detach());
  const pairs = broadcastableTensors({ min: 0.5, max: 2 });

  t.notThrows(() => fc.assert(gradcheckProperty(fn, pairs, { wrt: [0] }), { numRuns: 20 }));
  t.throws(() => fc.assert(gradcheckProperty(fn, pairs), { numRuns: 20 }));
});
