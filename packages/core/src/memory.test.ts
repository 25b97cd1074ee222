import test from 'ava';

import { keep, kernels, memory, ones, resetPeakMemory, tensor, tidy, zeros, type Tensor } from './index.js';

// Counters are process-wide, so every test here runs alone.

test.serial('memory counts live bytes', (t) => {
  const before = memory();
  const x = zeros([10, 10]);
  const y = zeros([5], { dtype: 'float64' });
  const during = memory();
  t.is(during.liveBytes - before.liveBytes, 400 + 40);
  t.is(during.liveTensors - before.liveTensors, 2);
  t.is(during.allocatedBytes - before.allocatedBytes, 440);

  x.dispose();
  t.is(memory().liveBytes - before.liveBytes, 40);
  x.dispose();
  t.is(memory().liveBytes - before.liveBytes, 40, 'second dispose releases nothing');
  y.dispose();
  t.is(memory().liveBytes, before.liveBytes);
  t.is(memory().liveTensors, before.liveTensors);
  t.is(memory().allocatedBytes - before.allocatedBytes, 440, 'allocated bytes never decrease');
});

test.serial('peak tracks maximum and resets', (t) => {
  resetPeakMemory();
  const base = memory().liveBytes;
  t.is(memory().peakBytes, base);

  const big = ones([1000]);
  const small = ones([10]);
  big.dispose();
  t.is(memory().peakBytes, base + 4040);

  resetPeakMemory();
  t.is(memory().peakBytes, base + 40);
  small.dispose();
  t.is(memory().peakBytes, base + 40);
});

test.serial('memory returns a snapshot', (t) => {
  const snapshot = memory();
  const x = ones([4]);
  t.not(memory().liveBytes, snapshot.liveBytes);
  x.dispose();
});

test.serial('kernels count their results', (t) => {
  const a = ones([8]);
  const before = memory().liveBytes;
  const b = kernels.add(a, 1);
  t.is(memory().liveBytes - before, 32);
  a.dispose();
  b.dispose();
});

test.serial('tidy disposes intermediates', (t) => {
  const before = memory();
  const x = tensor([1, 2, 3]);
  let intermediate: Tensor | undefined;
  const result = tidy(() => {
    intermediate = kernels.mul(x, x);
    return kernels.sum(intermediate);
  });

  t.true(intermediate?.isDisposed);
  t.false(result.isDisposed);
  t.false(x.isDisposed, 'tensors created before tidy survive');
  t.is(result.item(), 14);
  t.is(memory().liveBytes - before.liveBytes, 12 + 4);
  x.dispose();
  result.dispose();
});

test.serial('tidy keeps tensors in returned structures', (t) => {
  const { pair, nested } = tidy(() => {
    const temporary = ones([2]);
    return { pair: [kernels.add(temporary, 1), kernels.add(temporary, 2)], nested: { value: zeros([1]) } };
  });
  t.false(pair[0]!.isDisposed);
  t.false(pair[1]!.isDisposed);
  t.false(nested.value.isDisposed);
  for (const x of [...pair, nested.value]) x.dispose();
});

test.serial('keep survives tidy', (t) => {
  let kept: Tensor | undefined;
  let dropped: Tensor | undefined;
  tidy(() => {
    kept = keep(ones([2]));
    dropped = ones([2]);
  });
  t.false(kept?.isDisposed);
  t.true(dropped?.isDisposed);
  kept?.dispose();
});

test.serial('nested tidy hands results outward', (t) => {
  let innerResult: Tensor | undefined;
  const outer = tidy(() => {
    innerResult = tidy(() => ones([3]));
    t.false(innerResult.isDisposed);
    return zeros([1]);
  });
  t.true(innerResult?.isDisposed, 'the outer scope disposed what the inner one returned');
  t.false(outer.isDisposed);
  outer.dispose();
});

test.serial('nested tidy leaves older tensors alone', (t) => {
  const outer = tidy(() => {
    const createdInOuter = ones([2]);
    const passedThrough = tidy(() => createdInOuter);
    t.is(passedThrough, createdInOuter);
    return zeros([1]);
  });
  const before = ones([1]);
  tidy(() => {
    tidy(() => before);
  });
  t.false(before.isDisposed, 'a tensor created before both scopes survives');
  outer.dispose();
  before.dispose();
});

test.serial('tidy disposes on error', (t) => {
  const before = memory().liveBytes;
  let created: Tensor | undefined;
  t.throws(
    () =>
      tidy(() => {
        created = ones([100]);
        throw new Error('boom');
      }),
    { message: 'boom' },
  );
  t.true(created?.isDisposed);
  t.is(memory().liveBytes, before);
});

test.serial('tidy rejects async functions', (t) => {
  t.throws(() => tidy(async () => ones([1])), { message: /tidy: fn returned a Promise/ });
});

test.serial('garbage collection releases bytes once', async (t) => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) {
    t.fail('run node with --expose-gc; the ava config in package.json passes it');
    return;
  }
  gc();
  await new Promise((resolve) => setTimeout(resolve, 10));
  const before = memory();

  const disposedEarly = ((): WeakRef<Tensor> => {
    const x = zeros([1000]);
    x.dispose();
    return new WeakRef(x);
  })();
  const collected = ((): WeakRef<Tensor> => new WeakRef(zeros([2000])))();
  t.is(memory().liveBytes - before.liveBytes, 8000);

  // FinalizationRegistry callbacks arrive in a task after the collection.
  for (let attempt = 0; attempt < 20 && memory().liveBytes !== before.liveBytes; attempt++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  t.is(collected.deref(), undefined);
  t.is(disposedEarly.deref(), undefined);
  t.is(memory().liveBytes, before.liveBytes, 'the disposed tensor is not subtracted a second time');
  t.is(memory().liveTensors, before.liveTensors);
});
