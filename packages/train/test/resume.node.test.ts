import { describe, expect, it } from 'vitest';
import { tf, useBackend } from '@dl/core';
import { Optimizer, sgd } from '@dl/optim';
import { oneCycle } from '@dl/schedulers';
import { checkpoint, earlyStopping, fit, memoryStore } from '../src/index.js';
import { mlp, toyData } from './support.js';

// Kill-and-resume on cpu: 4 epochs straight vs 2 epochs, "killed", then a fresh model and
// optimizer resumed from the epoch-2 checkpoint. Batch norm, dropout, a per-step schedule and a
// jittering augmentation exercise every piece of state (weights, buffers, optimizer, RNG, schedule).
describe('fit resume [cpu]', () => {
  it('continues from a checkpoint to the same losses, bit for bit', async () => {
    await useBackend('cpu');
    const data = toyData(80);
    const run = async (epochs: number, resume?: Uint8Array) => {
      const model = mlp(3, 4, 3, 8, { bn: true, drop: 0.3 });
      const schedule = oneCycle({ maxLr: 0.2, totalSteps: 4 * 5 });
      const optimizer = new Optimizer(sgd({ lr: 0.2, momentum: 0.9, nesterov: true, weightDecay: 5e-4 }), model.parameters());
      const store = memoryStore();
      const augment = (x: tf.Tensor, rng: { seed(): number }) => tf.add(x, tf.randomNormal(x.shape, 0, 0.05, 'float32', rng.seed()));
      const result = await fit({
        model, optimizer, data, epochs, batchSize: 16, schedule, rng: 42, augment: augment as never,
        callbacks: [checkpoint({ store }), earlyStopping({ monitor: 'loss', patience: 10 })],
        ...(resume ? { resume } : {}),
      });
      const weights = await Promise.all(Object.values(model.stateDict()).map(async (t) => { const v = Array.from(await t.data()); t.dispose(); return v; }));
      model.dispose();
      optimizer.dispose();
      return { result, store, weights };
    };
    const straight = await run(4);
    const first = await run(2);
    const resumed = await run(4, await first.store.load('epoch-0002'));
    expect(resumed.result.history.epochs.map((e) => e.loss)).toEqual(straight.result.history.epochs.map((e) => e.loss));
    expect(resumed.result.history.lr).toEqual(straight.result.history.lr);
    expect(resumed.weights).toEqual(straight.weights);
    tf.dispose([data.x, data.y]);
  });
});
