import { describe, expect, it } from 'vitest';
import { Rng, tf } from '@dl/core';
import { describeBackends, expectTensorsClose } from '@dl/core/testing';
import { adam, Optimizer } from '@dl/optim';
import { cosineAnnealing } from '@dl/schedulers';
import { checkpoint, fit, memoryStore } from '@dl/train';
import { ntXentLoss, simclrTask } from '../src/index.js';
import { expectTrainsUnderFit, images, tinyEncoder, tinyProjection } from './proxy-support.js';

const shift = (x: tf.Tensor4D, rng: Rng) => tf.add(x, rng.next());

describeBackends('simclrTask', () => {
  it('is NT-Xent between the projections of two views of each image (temperature 0.5 by default)', async () => {
    for (const temperature of [undefined, 0.1]) {
      const task = simclrTask(tinyEncoder(), tinyProjection(), { views: shift, ...(temperature ? { temperature } : {}) });
      const x = images(6);
      const out = task.apply(x, { training: false, rng: new Rng(11) });
      expect(out.shape).toEqual([2, 6, 4]);
      const loss = task.loss(out, tf.zeros([6]));
      const draw = new Rng(11);
      const [u1, u2] = [draw.next(), draw.next()];
      const embed = (v: tf.Tensor) => task.head.apply(task.encoder.apply(v));
      const [z1, z2] = [embed(tf.add(x, u1)), embed(tf.add(x, u2))];
      const want = ntXentLoss(z1, z2, { temperature: temperature ?? 0.5 });
      await expectTensorsClose(loss, await want.data(), { rtol: 1e-5, atol: 1e-6 });
      tf.dispose([x, out, loss, z1, z2, want]);
      task.dispose();
    }
  });

  it('trains under fit (the loss falls) and leaves no tensor behind', async () => {
    await expectTrainsUnderFit(() => simclrTask(tinyEncoder(), tinyProjection(), { views: (v, rng) => tf.add(v, rng.normal(v.shape, { std: 0.1 })) }));
  });
});

describe('simclrTask: mistakes', () => {
  it('names the option before any tensor is made', () => {
    const [enc, proj] = [tinyEncoder(), tinyProjection()];
    const before = tf.memory().numTensors;
    expect(() => simclrTask(enc, proj, { views: 'crop' } as never)).toThrow(/simclrTask: views must be a function/);
    expect(() => simclrTask(enc, proj, { views: shift, temperature: 0 })).toThrow(/simclrTask: temperature must be a finite number > 0, got 0/);
    expect(() => simclrTask(enc, proj, { views: shift, margin: 1 } as never)).toThrow(/simclrTask: unknown option 'margin'/);
    expect(() => simclrTask(enc, proj, null as never)).toThrow(/simclrTask: options must be an object/);
    expect(tf.memory().numTensors).toBe(before);
    enc.dispose();
    proj.dispose();
  });
});

describe('simclrTask inside the workflows around fit', () => {
  it('resumes from a checkpoint to the same weights as an unbroken run (views drawn from fit\'s generator), under a schedule', async () => {
    const x = images(24);
    const y = tf.zeros([24], 'int32');
    const views = (v: tf.Tensor4D, rng: Rng) => tf.add(v, rng.normal(v.shape, { std: 0.1 }));
    const make = () => {
      const task = simclrTask(tinyEncoder(), tinyProjection(), { views });
      return { task, optimizer: new Optimizer(adam({ lr: 0.01 }), task.parameters()) };
    };
    const schedule = cosineAnnealing({ lr: 0.01, tMax: 12 });
    const run = (m: ReturnType<typeof make>, epochs: number, extra: object) =>
      fit({ model: m.task, loss: m.task.loss, optimizer: m.optimizer, data: { x, y }, epochs, batchSize: 8, rng: 4, schedule, ...extra });
    const full = make();
    await run(full, 4, {});
    const store = memoryStore();
    const part = make();
    await run(part, 2, { callbacks: [checkpoint({ store })] });
    const resumed = make();
    await run(resumed, 4, { resume: await store.load('last') });
    const [a, b] = [resumed.task.stateDict(), full.task.stateDict()];
    await expectTensorsClose(a, b, { rtol: 0, atol: 0 });
    tf.dispose([x, y, ...Object.values(a), ...Object.values(b)]);
    for (const m of [full, part, resumed]) (m.task.dispose(), m.optimizer.dispose());
  });
});
