import { type Tensor, tensor } from '@fusegrad/core';
import test from 'ava';

import { describeGradcheck, Function, type FunctionCtx, gradcheck } from './index.js';

class WrongSquare extends Function {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    ctx.saveForBackward(x);
    return x.mul(x);
  }

  // Deliberately wrong at index 2: the gradient there is doubled.
  static override backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
    const [x] = ctx.savedTensors as [Tensor];
    return gradOutput.mul(x).mul(tensor([2, 2, 4], { dtype: x.dtype }));
  }
}

test('gradcheck passes correct gradients', (t) => {
  const x = tensor([[0.5, -1.2], [2, 0.3]], { requiresGrad: true });
  const report = gradcheck((a: Tensor) => a.mul(a).logSoftmax(-1), [x]);

  t.true(report.ok, describeGradcheck(report));
  t.true(report.maxAbsError < 1e-6);
});

test('gradcheck names the worst element', (t) => {
  const x = tensor([0.5, -1, 1.5], { requiresGrad: true });
  const report = gradcheck((a: Tensor) => WrongSquare.apply(a), [x], { gradOutput: [1, 1, 1] });

  t.false(report.ok);
  t.is(report.worst?.inputIndex, 0);
  t.is(report.worst?.index, 2);
  t.deepEqual(report.worst?.position, [2]);
  t.true(Math.abs(report.worst!.analytic - 6) < 1e-9);
  t.true(Math.abs(report.worst!.numeric - 3) < 1e-6);
  t.regex(describeGradcheck(report), /gradcheck failed: worst is input 0 element \[2\]/);
});

test('gradcheck skips inputs without requiresGrad', (t) => {
  const x = tensor([1, 2]);
  const report = gradcheck((a: Tensor) => a.exp(), [x]);

  t.true(report.ok);
  t.is(report.worst, null);
});

test('gradcheck leaves inputs untouched', (t) => {
  const x = tensor([1, 2], { requiresGrad: true });
  gradcheck((a: Tensor) => a.exp(), [x]);

  t.is(x.grad, null);
  t.is(x.dtype, 'float32');
  t.deepEqual(x.toArray(), [1, 2]);
});

test('gradcheck passes non-tensor arguments through', (t) => {
  const x = tensor([0.3, 0.7], { requiresGrad: true });
  const report = gradcheck((a: Tensor, exponent: number) => a.pow(exponent), [x, 3]);
  t.true(report.ok, describeGradcheck(report));
});
