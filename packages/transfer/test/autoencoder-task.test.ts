import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectTensorsClose } from '@dl/core/testing';
import { dense, sequential } from '@dl/layers';
import { autoencoderTask } from '../src/index.js';
import { expectTrainsUnderFit, images, tinyDecoder, tinyEncoder } from './proxy-support.js';

describeBackends('autoencoderTask', () => {
  it("outputs [reconstruction, target] and its loss is the mean squared error of decoder(encoder(x)) against x", async () => {
    const task = autoencoderTask(tinyEncoder(), tinyDecoder());
    const x = images(5);
    const out = task.apply(x, { training: false });
    expect(out.shape).toEqual([10, 4, 4, 1]);
    const loss = task.loss(out, tf.zeros([5]));
    const recon = task.head.apply(task.encoder.apply(x));
    const want = tf.mean(tf.squaredDifference(recon, x));
    await expectTensorsClose(loss, await want.data(), { rtol: 1e-6, atol: 1e-7 });
    tf.dispose([x, out, loss, recon, want]);
    task.dispose();
  });

  it('adds input noise in training only (a denoising autoencoder); the target stays clean', async () => {
    const task = autoencoderTask(tinyEncoder(), tinyDecoder(), { noise: 0.5, seed: 1 });
    const x = images(4);
    const [train, evalOut] = [task.apply(x, { training: true }), task.apply(x, { training: false })];
    await expectTensorsClose(train.slice(4, 4), await x.data(), { rtol: 0, atol: 0 });
    expect(Array.from(await train.slice(0, 4).data())).not.toEqual(Array.from(await evalOut.slice(0, 4).data()));
    tf.dispose([x, train, evalOut]);
    task.dispose();
  });

  it('trains under fit (the loss falls) and leaves no tensor behind', async () => {
    await expectTrainsUnderFit(() => autoencoderTask(tinyEncoder(), tinyDecoder()));
  });
});

describe('autoencoderTask: mistakes', () => {
  it('names the option before any tensor is made; a decoder of the wrong shape is named at the first call', () => {
    const [enc, dec] = [tinyEncoder(), tinyDecoder()];
    const before = tf.memory().numTensors;
    expect(() => autoencoderTask(enc, dec, { noise: -1 })).toThrow(/autoencoderTask: noise must be/);
    expect(() => autoencoderTask(enc, dec, { nois: 1 } as never)).toThrow(/autoencoderTask: unknown option 'nois'/);
    expect(() => autoencoderTask(enc, {} as never)).toThrow(/autoencoderTask: decoder must be a @dl\/layers Module/);
    expect(tf.memory().numTensors).toBe(before);
    const task = autoencoderTask(enc, sequential(dense(8, 8, { seed: 7 })));
    const x = images(2);
    const n = tf.memory().numTensors;
    expect(() => task.apply(x)).toThrow(/autoencoderTask: the decoder made \[2, 8\] from images \[2, 4, 4, 1\]; it must reconstruct their shape/);
    expect(tf.memory().numTensors).toBe(n);
    x.dispose();
    task.dispose();
    dec.dispose();
  });
});
