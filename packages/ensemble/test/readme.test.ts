import { expect, it } from 'vitest';
import { tf, useBackend } from '@dl/core';
import { batchNorm2d, conv2d, dense, flatten, relu, sequential } from '@dl/layers';
import { Optimizer, sgd } from '@dl/optim';
import { fit } from '@dl/train';
import { ema, evaluateEnsemble, snapshotEnsemble, swa, tta } from '../src/index.js';

it('README: EMA, SWA, a snapshot ensemble and TTA through fit', async () => {
  await useBackend('cpu');
  const before = tf.memory().numTensors;
  const net = (seed: number) => sequential(conv2d(1, 4, 3, { padding: 1, seed }), batchNorm2d(4), relu, flatten(), dense(8 * 8 * 4, 3, { seed: seed + 1 }));
  const x = tf.randomUniform([48, 8, 8, 1], 0, 1, 'float32', 1);
  const data = { x, y: tf.tensor1d(Array.from({ length: 48 }, (_, i) => i % 3), 'int32') };

  const a = net(1);
  const optA = new Optimizer(sgd({ lr: 0.05, momentum: 0.9 }), a.parameters());
  const avg = ema({ decay: 0.95, validation: data });
  await fit({ model: a, optimizer: optA, data, validation: data, epochs: 2, batchSize: 16, callbacks: [avg] });
  expect(avg.records.map((r) => typeof r.valAccuracy)).toEqual(['number', 'number']);

  const b = net(3);
  const optB = new Optimizer(sgd({ lr: 0.05, momentum: 0.9 }), b.parameters());
  const s = swa({ start: 3, lr: 0.01, annealEpochs: 1, bnData: x });
  await fit({ model: b, optimizer: optB, data, epochs: 4, batchSize: 16, callbacks: [s] });
  expect(s.nAveraged).toBe(2);

  const c = net(5);
  const optC = new Optimizer(sgd({ lr: 0.05, momentum: 0.9 }), c.parameters());
  const snaps = snapshotEnsemble({ cycles: 3, lr: 0.05 });
  await fit({ model: c, optimizer: optC, data, epochs: 3, batchSize: 16, callbacks: [snaps] });
  const scores = await evaluateEnsemble(snaps.members(3), data, { model: c });
  expect(scores.members).toHaveLength(3);

  const probs = tta(c, x as tf.Tensor4D, { views: 'flip', beta: 0.25 });
  expect(probs.shape).toEqual([48, 3]);

  tf.dispose([x, data.y, probs]);
  avg.dispose();
  s.dispose();
  for (const m of [a, b, c]) m.dispose();
  for (const o of [optA, optB, optC]) o.dispose();
  expect(tf.memory().numTensors).toBe(before);
});
