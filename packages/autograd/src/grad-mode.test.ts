import { tensor } from '@fusegrad/core';
import test from 'ava';

import { detach, enableGrad, isGradEnabled, noGrad } from './index.js';

test('noGrad turns recording off', (t) => {
  const x = tensor([1, 2], { requiresGrad: true });

  const y = noGrad(() => x.mul(2));

  t.false(y.requiresGrad);
  t.is(y.gradFn, null);
  t.true(isGradEnabled());
});

test('noGrad restores mode after throw', (t) => {
  t.throws(() =>
    noGrad(() => {
      throw new Error('inside');
    }),
  );
  t.true(isGradEnabled());
});

test('enableGrad inside noGrad records', (t) => {
  const x = tensor([1], { requiresGrad: true });

  const y = noGrad(() => enableGrad(() => x.mul(2)));

  t.true(y.requiresGrad);
  y.sum().backward();
  t.deepEqual(x.grad?.toArray(), [2]);
});

test('detach cuts the graph', (t) => {
  const x = tensor([1, 2], { requiresGrad: true });
  const frozen = x.mul(3).detach();

  t.false(frozen.requiresGrad);
  t.true(frozen.isLeaf);
  t.deepEqual(frozen.toArray(), [3, 6]);

  x.mul(frozen).sum().backward();
  t.deepEqual(x.grad?.toArray(), [3, 6]);
});

test('detach function copies storage', (t) => {
  const x = tensor([1, 2], { requiresGrad: true });
  const copy = detach(x);

  t.not(copy.data, x.data);
  x.dispose();
  t.deepEqual(copy.toArray(), [1, 2]);
});
