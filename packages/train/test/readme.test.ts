import { expect, it } from 'vitest';
import { Rng, tf } from '@dl/core';
import { dense, relu, sequential } from '@dl/layers';
import { Optimizer, sgd } from '@dl/optim';
import { oneCycle } from '@dl/schedulers';
import { checkpoint, earlyStopping, fit, split } from '../src/index.js';
import './support.js';

it('README: the first example runs', async () => {
  const x = new Rng(0).normal([200, 4]);
  const y = tf.argMax(tf.matMul(x, new Rng(1).normal([4, 3])), 1);
  const { train, validation } = await split({ x, y }, { validation: 0.2, stratify: true, seed: 0 });
  const model = sequential(dense(4, 16, { seed: 0 }), relu, dense(16, 3, { seed: 1 }));
  const optimizer = new Optimizer(sgd({ lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 5e-4 }), model.parameters());
  const { history } = await fit({
    model, optimizer, data: train, validation, epochs: 10, batchSize: 32, rng: 0,
    schedule: oneCycle({ maxLr: 0.1, totalSteps: 10 * Math.ceil(160 / 32) }),
    callbacks: [earlyStopping({ patience: 3, restoreBest: true }), checkpoint({ best: true })],
  });
  expect(Object.keys(history.epochs.at(-1)!)).toEqual(expect.arrayContaining(['epoch', 'loss', 'accuracy', 'valLoss', 'valAccuracy', 'lr', 'steps', 'seconds', 'samplesPerSecond']));
  expect(history.epochs.at(-1)!.valAccuracy).toBeGreaterThan(0.7);
  tf.dispose([x, y, train.x, train.y, validation!.x, validation!.y]);
  model.dispose();
  optimizer.dispose();
});
