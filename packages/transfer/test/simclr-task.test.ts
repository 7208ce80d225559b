import { describe, expect, it } from 'vitest';
import { Rng, tf } from '@dl/core';
import { describeBackends, expectTensorsClose } from '@dl/core/testing';
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
