import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { expectNoLeak } from '@dl/core/testing';
import { shuffle, split } from '../src/index.js';

const data = () => tf.tidy(() => ({ x: tf.range(0, 100).reshape([100, 1]), y: tf.tensor1d(Array.from({ length: 100 }, (_, i) => (i < 80 ? 0 : 1)), 'int32') }));

describe('split', () => {
  it('cuts disjoint train / validation / test parts covering the data', async () => {
    const d = data();
    const parts = await expectNoLeak(() => split(d, { validation: 0.2, test: 0.1, seed: 0 }));
    expect([parts.train.x.shape[0], parts.validation!.x.shape[0], parts.test!.x.shape[0]]).toEqual([70, 20, 10]);
    const ids = [...(await parts.train.x.data()), ...(await parts.validation!.x.data()), ...(await parts.test!.x.data())].sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => i));
    tf.dispose([d.x, d.y, parts.train.x, parts.train.y, parts.validation!.x, parts.validation!.y, parts.test!.x, parts.test!.y]);
  });

  it('keeps class proportions with stratify, and the same seed gives the same split', async () => {
    const d = data();
    const a = await split(d, { validation: 0.25, stratify: true, seed: 3 });
    const b = await split({ images: d.x, labels: d.y }, { validation: 0.25, stratify: true, seed: 3 });
    const vy = Array.from(await a.validation!.y.data());
    expect(vy.filter((v) => v === 1).length).toBe(5); // 25% of the 20 of class 1
    expect(vy.length).toBe(25);
    expect(Array.from(await a.validation!.x.data())).toEqual(Array.from(await b.validation!.x.data()));
    tf.dispose([d.x, d.y, a.train.x, a.train.y, a.validation!.x, a.validation!.y, b.train.x, b.train.y, b.validation!.x, b.validation!.y]);
  });

  it('rejects fractions outside (0, 1) and mismatched counts', async () => {
    const d = data();
    await expect(split(d, { validation: 1 })).rejects.toThrow('split: validation must be a fraction in (0, 1), got 1');
    await expect(split(d, { validation: 0.6, test: 0.6 })).rejects.toThrow(/split: train \+ validation \+ test must be at most 1/);
    const y = tf.zeros([3], 'int32');
    await expect(split({ x: d.x, y }, { validation: 0.5 })).rejects.toThrow('split: data has 100 examples but 3 labels; the counts must match');
    tf.dispose([d.x, d.y, y]);
  });

  it('shuffle permutes examples and labels together', async () => {
    const d = data();
    const s = expectNoLeak(() => shuffle(d, 1));
    const xs = Array.from(await s.x.data());
    const ys = Array.from(await s.y.data());
    expect(xs).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    xs.forEach((x, i) => expect(ys[i]).toBe(x < 80 ? 0 : 1));
    tf.dispose([d.x, d.y, s.x, s.y]);
  });
});
