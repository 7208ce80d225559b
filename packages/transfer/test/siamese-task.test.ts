import { describe, expect, it } from 'vitest';
import { Rng, tf } from '@dl/core';
import { describeBackends, expectTensorsClose } from '@dl/core/testing';
import { contrastiveLoss, siameseTask } from '../src/index.js';
import { expectTrainsUnderFit, images, tinyEncoder, tinyProjection } from './proxy-support.js';

// A view that shifts the batch by the generator's next number: two calls make two different views.
const shift = (x: tf.Tensor4D, rng: Rng) => tf.add(x, rng.next());

describeBackends('siameseTask', () => {
  it('pairs two views of an image as similar (y = 0) and views of images i and i+1 as dissimilar (y = 1)', async () => {
    const task = siameseTask(tinyEncoder(), tinyProjection(), { views: shift, margin: 2 });
    const x = images(5);
    const out = task.apply(x, { training: false, rng: new Rng(3) });
    expect(out.shape).toEqual([2, 5, 4]);
    const loss = task.loss(out, tf.zeros([5]));
    // by hand, with the same two draws
    const draw = new Rng(3);
    const [u1, u2] = [draw.next(), draw.next()];
    const embed = (v: tf.Tensor) => task.head.apply(task.encoder.apply(v));
    const [a, b] = [embed(tf.add(x, u1)), embed(tf.add(x, u2))];
    const rolled = tf.concat([b.slice([1, 0], [4, -1]), b.slice([0, 0], [1, -1])]);
    const want = tf.div(tf.add(contrastiveLoss(a, b, [0, 0, 0, 0, 0], { margin: 2 }), contrastiveLoss(a, rolled, [1, 1, 1, 1, 1], { margin: 2 })), 2);
    await expectTensorsClose(loss, await want.data(), { rtol: 1e-5, atol: 1e-6 });
    tf.dispose([x, out, loss, a, b, rolled, want]);
    task.dispose();
  });

  it('identical views give the similar pairs a zero loss: only the margin term of the dissimilar pairs is left', async () => {
    const task = siameseTask(tinyEncoder(), tinyProjection(), { views: (x) => x.clone(), margin: 100 });
    const x = images(4);
    const out = task.apply(x, { training: false });
    const loss = task.loss(out, tf.zeros([4]));
    const e = out.slice([0], [1]).squeeze([0]);
    const d = tf.sqrt(tf.sum(tf.square(tf.sub(e, tf.concat([e.slice([1, 0], [3, -1]), e.slice([0, 0], [1, -1])]))), 1));
    const want = tf.div(tf.mean(tf.mul(0.5, tf.square(tf.relu(tf.sub(100, d))))), 2);
    await expectTensorsClose(loss, await want.data(), { rtol: 1e-5, atol: 1e-5 });
    tf.dispose([x, out, loss, e, d, want]);
    task.dispose();
  });

  it('trains under fit and leaves no tensor behind', async () => {
    await expectTrainsUnderFit(() => siameseTask(tinyEncoder(), tinyProjection(), { views: (v, rng) => tf.add(v, rng.normal(v.shape, { std: 0.1 })) }));
  });
});

describe('siameseTask: mistakes', () => {
  it('names the option before any tensor is made; a batch of one image is refused', () => {
    const [enc, proj] = [tinyEncoder(), tinyProjection()];
    const before = tf.memory().numTensors;
    expect(() => siameseTask(enc, proj, {} as never)).toThrow(/siameseTask: views must be a function \(images, rng\) => images/);
    expect(() => siameseTask(enc, proj, { views: shift, margin: -1 })).toThrow(/siameseTask: margin must be a finite number >= 0, got -1/);
    expect(() => siameseTask(enc, proj, { views: shift, temperature: 1 } as never)).toThrow(/siameseTask: unknown option 'temperature'/);
    expect(tf.memory().numTensors).toBe(before);
    const task = siameseTask(enc, proj, { views: shift });
    const x = images(1);
    const out = task.apply(x);
    const n = tf.memory().numTensors;
    expect(() => task.loss(out, tf.zeros([1]))).toThrow(/siameseTask: a batch needs 2 images or more/);
    expect(tf.memory().numTensors).toBe(n + 1); // the labels made in the call above
    tf.dispose([x, out]);
    task.dispose();
  });
});
