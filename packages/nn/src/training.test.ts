import '@fusegrad/autograd';

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import test from 'ava';

import { Generator, Tensor, tensor } from '@fusegrad/core';
import { mean, mul, sub } from '@fusegrad/autograd';

import { clipGradNorm } from './clip-grad-norm.js';
import { MLP } from './layers/mlp.js';
import { AdamW } from './optim/adamw.js';
import { WarmupCosineLR } from './optim/schedules.js';
import { loadSafetensors, saveSafetensors } from './safetensors/file.js';

// Points on an 8 x 8 grid of [-1, 1]^2 with target x0 * x1, a problem no linear model fits.
function toyData(): { inputs: Tensor; targets: Tensor } {
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (let i = 0; i < 8; i++) {
    for (let j = 0; j < 8; j++) {
      const x0 = -1 + (2 * i) / 7;
      const x1 = -1 + (2 * j) / 7;
      inputs.push([x0, x1]);
      targets.push([x0 * x1]);
    }
  }
  return { inputs: tensor(inputs), targets: tensor(targets) };
}

function meanSquaredError(predictions: Tensor, targets: Tensor): Tensor {
  const difference = sub(predictions, targets);
  return mean(mul(difference, difference));
}

test('mlp loss falls on toy problem', async (t) => {
  const { inputs, targets } = toyData();
  const model = new MLP([2, 16, 16, 1], { activation: 'tanh', generator: new Generator(0) });
  const optimizer = new AdamW(model.parameters(), { lr: 0.03, weightDecay: 0.001 });
  const steps = 300;
  const scheduler = new WarmupCosineLR(optimizer, { warmupSteps: 10, totalSteps: steps, minFactor: 0.1 });

  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const loss = meanSquaredError(model.call(inputs), targets);
    losses.push(loss.item());
    optimizer.zeroGrad();
    loss.backward();
    clipGradNorm(model.parameters(), 1);
    optimizer.step();
    scheduler.step();
  }

  // The targets have variance 0.184, the loss of the best constant, so a loss below 0.01 needs the hidden layers.
  t.true(losses[0]! > 0.05, `initial loss ${losses[0]}`);
  t.true(losses[steps - 1]! < 0.01, `final loss ${losses[steps - 1]}`);
  t.true(losses[steps - 1]! < losses[0]! / 10);

  const folder = await mkdtemp(join(tmpdir(), 'fusegrad-nn-'));
  const path = join(folder, 'mlp.safetensors');
  await saveSafetensors(path, model.stateDict(), { steps: String(steps) });
  const restored = new MLP([2, 16, 16, 1], { activation: 'tanh', generator: new Generator(99) });
  restored.loadStateDict((await loadSafetensors(path)).tensors);
  t.deepEqual([...restored.call(inputs).data], [...model.call(inputs).data]);
});
