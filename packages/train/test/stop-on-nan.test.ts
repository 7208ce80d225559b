import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { expectNoLeak } from '@dl/core/testing';
import { softmaxCrossEntropy } from '@dl/layers';
import { checkpoint, decodeTrainingState, fit, memoryStore, stopOnNaN } from '../src/index.js';
import { mlp, sgdFor, toyData } from './support.js';

describe('stopping on NaN', () => {
  it('stops with a clear message and keeps the last good checkpoint', async () => {
    const data = toyData(32);
    const model = mlp();
    const optimizer = sgdFor(model, 0.1);
    let calls = 0;
    // Step 10 (epoch 3 of 4 steps each) produces a NaN loss.
    const loss = (out: tf.Tensor, y: tf.Tensor) => {
      const l = softmaxCrossEntropy(out, y) as tf.Scalar;
      return ++calls === 10 ? (tf.mul(l, NaN) as tf.Scalar) : l;
    };
    const store = memoryStore();
    const r = await expectNoLeak(() => fit({ model, optimizer, data, loss, epochs: 5, batchSize: 8, rng: 0, logEvery: 1, callbacks: [stopOnNaN(), checkpoint({ store })] }));
    expect(r.stopped?.reason).toBe('nan');
    expect(r.stopped?.message).toMatch(/became NaN at step 10 \(epoch 3, batch 2\)/);
    expect(r.stopped?.epoch).toBe(3);
    expect(r.history.epochs).toHaveLength(2);
    expect([...store.entries.keys()].sort()).toEqual(['epoch-0001', 'epoch-0002', 'last']);
    const last = decodeTrainingState(await store.load('last'));
    expect(last.metadata.epoch).toBe(2);
    for (const t of Object.values(last.weights)) expect((await t.data()).every(Number.isFinite)).toBe(true);
    tf.dispose([...Object.values(last.weights), ...Object.values(last.optimizer.tensors)]);
    tf.dispose([data.x, data.y]);
    model.dispose();
    optimizer.dispose();
  });

  it('fit stops on its own at the epoch readback without the callback', async () => {
    const data = toyData(16);
    const model = mlp();
    const optimizer = sgdFor(model, 0.1);
    const loss = (out: tf.Tensor, y: tf.Tensor) => tf.mul(softmaxCrossEntropy(out, y), Infinity) as tf.Scalar;
    const r = await fit({ model, optimizer, data, loss, epochs: 3, batchSize: 8, rng: 0 });
    expect(r.stopped?.message).toMatch(/fit: the training loss became (NaN|Infinity) at step 1 \(epoch 1, batch 1\)/);
    expect(r.history.epochs).toHaveLength(0);
    tf.dispose([data.x, data.y]);
    model.dispose();
    optimizer.dispose();
  });
});
