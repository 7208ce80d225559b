import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak } from '@dl/core/testing';
import { fit } from '../src/index.js';
import { mlp, sgdFor, toyData } from './support.js';

describeBackends('fit', () => {
  it('trains an MLP: the loss falls, accuracy rises, history has every figure', async () => {
    const data = toyData(96);
    const val = toyData(48, 4, 3, 5);
    const model = mlp();
    const optimizer = sgdFor(model, 0.3);
    const result = await expectNoLeak(() => fit({ model, optimizer, data, validation: val, epochs: 6, batchSize: 32, rng: 0, topK: 2, logEvery: 2 }));
    const h = result.history;
    expect(h.epochs).toHaveLength(6);
    expect(h.lr).toHaveLength(18);
    expect(h.lr.every((v) => v === 0.3)).toBe(true);
    expect(h.epochs[5]!.loss).toBeLessThan(h.epochs[0]!.loss);
    expect(h.epochs[5]!.accuracy).toBeGreaterThan(0.8);
    expect(h.epochs[5]!.valAccuracy).toBeGreaterThan(0.7);
    expect(h.epochs[5]!.topK).toBeGreaterThanOrEqual(h.epochs[5]!.accuracy);
    expect(h.batches.length).toBe(6 * 2);
    expect(result.epochs).toBe(6);
    tf.dispose([data.x, data.y, val.x, val.y]);
    optimizer.dispose();
    model.dispose();
  });
});
