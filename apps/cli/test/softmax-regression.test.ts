import { beforeAll, describe, expect, it } from 'vitest';
import { tf, useBackend } from '@dl/core';
import { expectNoLeak } from '@dl/core/testing';
import { loadFashionMnist } from '@dl/datasets/node';
import { trainSoftmaxRegression } from '../src/softmax-regression.js';

beforeAll(async () => {
  await useBackend('wasm');
});

describe('trainSoftmaxRegression', () => {
  it('learns Fashion-MNIST from 3000 images well above chance, deterministically, without leaking', async () => {
    const train = await loadFashionMnist({ split: 'train', normalize: true, limit: 3000 });
    const test = await loadFashionMnist({ split: 'test', normalize: true, limit: 1000 });
    const options = { classes: 10, epochs: 3, batchSize: 64, lr: 0.01, momentum: 0.9, validation: 0.1, seed: 1 };
    const a = await expectNoLeak(() => trainSoftmaxRegression(train, test, options));
    const b = await trainSoftmaxRegression(train, test, options);
    tf.dispose([train.images, train.labels, test.images, test.labels]);
    expect(a.history).toHaveLength(3);
    expect(a.trainSamples).toBe(2700);
    expect(a.history[2]!.loss).toBeLessThan(a.history[0]!.loss);
    expect(a.testAccuracy).toBeGreaterThan(0.7);
    expect(b.testAccuracy).toBe(a.testAccuracy);
    expect(b.history.map((e) => e.loss)).toEqual(a.history.map((e) => e.loss));
  });
});
