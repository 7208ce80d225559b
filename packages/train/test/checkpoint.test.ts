import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { checkpoint, decodeTrainingState, fit, memoryStore } from '../src/index.js';
import type { Callback } from '../src/index.js';
import { mlp, sgdFor, toyData } from './support.js';

describe('checkpoint', () => {
  it('saves every N epochs, keeps the last k, tracks the best, and resumes', async () => {
    const data = toyData(24);
    const model = mlp();
    const optimizer = sgdFor(model, 0.05);
    const store = memoryStore();
    const vals = [3, 1, 2, 0.5, 4, 5];
    const script: Callback = { priority: -1, onEpochEnd: (_c, log) => void (log.valLoss = vals[log.epoch - 1]!) };
    const cb = checkpoint({ store, every: 2, keepLast: 2, best: true });
    await fit({ model, optimizer, data, epochs: 6, batchSize: 8, rng: 0, callbacks: [script, cb] });
    expect([...store.entries.keys()].sort()).toEqual(['best', 'epoch-0004', 'epoch-0006', 'last']);
    expect(cb.saved).toEqual(['epoch-0004', 'epoch-0006']);
    expect(cb.bestEpoch).toBe(4);
    const best = decodeTrainingState(await store.load('best'));
    expect(best.metadata.epoch).toBe(4);
    expect(best.metadata.history.epochs).toHaveLength(4);
    expect(Object.keys(best.weights).sort()).toEqual(['0.bias', '0.kernel', '2.bias', '2.kernel']);
    tf.dispose([...Object.values(best.weights), ...Object.values(best.optimizer.tensors)]);
    expect(() => checkpoint({ every: 0 })).toThrow('checkpoint: every must be an integer >= 1, got 0');
    tf.dispose([data.x, data.y]);
    model.dispose();
    optimizer.dispose();
  });
});
