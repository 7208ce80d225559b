import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { expectNoLeak } from '@dl/core/testing';
import { earlyStopping, fit } from '../src/index.js';
import type { Callback } from '../src/index.js';
import { mlp, sgdFor, toyData } from './support.js';

/** Puts a scripted figure into each epoch's log, before the other callbacks read it. */
function script(values: number[]): Callback {
  return { priority: -10, onEpochEnd: (_ctx, log) => void ((log as unknown as Record<string, number>).scripted = values[log.epoch - 1]!) };
}

async function runScripted(values: number[], options: Parameters<typeof earlyStopping>[0], epochs = values.length) {
  const data = toyData(16);
  const model = mlp();
  const optimizer = sgdFor(model, 0.05);
  const stopper = earlyStopping({ monitor: 'scripted', ...options });
  const result = await fit({ model, optimizer, data, epochs, batchSize: 8, rng: 0, callbacks: [script(values), stopper] });
  tf.dispose([data.x, data.y]);
  model.dispose();
  optimizer.dispose();
  return { result, stopper };
}

describe('earlyStopping', () => {
  it('stops after `patience` epochs without improvement', async () => {
    const seq = [1.0, 0.8, 0.9, 0.85, 0.7, 0.75, 0.76, 0.77, 0.6, 0.5];
    const a = await runScripted(seq, { patience: 2 });
    expect(a.result.epochs).toBe(4);
    expect(a.stopper.bestEpoch).toBe(2);
    expect(a.stopper.stoppedEpoch).toBe(4);
    expect(a.result.stopped?.reason).toBe('early-stopping');
    expect(a.result.stopped?.message).toMatch(/scripted has not improved for 2 epochs \(best 0.8 at epoch 2\)/);
    const b = await runScripted(seq, { patience: 3 });
    expect([b.result.epochs, b.stopper.bestEpoch]).toEqual([8, 5]);
    // patience 0 is Keras's: stop at the first epoch without improvement
    expect((await runScripted(seq, {})).result.epochs).toBe(3);
  });

  it('counts only improvements larger than minDelta, and maximises accuracies', async () => {
    const c = await runScripted([1.0, 0.95, 0.92, 0.5], { patience: 2, minDelta: 0.1 });
    expect([c.result.epochs, c.stopper.bestEpoch]).toEqual([3, 1]);
    const d = await runScripted([0.5, 0.6, 0.55, 0.58, 0.7], { patience: 2, mode: 'max' });
    expect([d.result.epochs, d.stopper.bestEpoch]).toEqual([4, 2]);
  });

  it('grows the patience with patienceIncrease (seed 004)', async () => {
    const seq = [5, 4, 3, 2, 1, 2, 2, 2, 2, 2, 2, 2];
    expect((await runScripted(seq, { patience: 1 })).result.epochs).toBe(6);
    const grown = await runScripted(seq, { patience: 1, patienceIncrease: 2 });
    // best at epoch 5: wait at least 5 · (2 − 1) = 5 epochs
    expect(grown.result.epochs).toBe(10);
    expect(grown.stopper.allowedWait).toBe(5);
  });

  it('restoreBest puts back exactly the best epoch\'s weights', async () => {
    const data = toyData(32);
    const model = mlp(2, 4, 3, 8, { bn: true, drop: 0.2 });
    const optimizer = sgdFor(model, 0.1);
    const seen: Record<string, number[]>[] = [];
    const recorder: Callback = {
      async onEpochEnd(ctx) {
        const w = ctx.weights();
        seen.push(Object.fromEntries(await Promise.all(Object.entries(w).map(async ([k, t]) => [k, Array.from(await t.data())] as const))));
        tf.dispose(Object.values(w));
      },
    };
    await expectNoLeak(() =>
      fit({ model, optimizer, data, epochs: 8, batchSize: 8, rng: 1, callbacks: [script([3, 1, 2, 2, 2, 2, 2, 2]), recorder, earlyStopping({ monitor: 'scripted', patience: 2, restoreBest: true })] }),
    );
    expect(seen).toHaveLength(4);
    const now = Object.fromEntries(await Promise.all(Object.entries(model.stateDict()).map(async ([k, t]) => { const v = Array.from(await t.data()); t.dispose(); return [k, v] as const; })));
    expect(now).toEqual(seen[1]);
    expect(now).not.toEqual(seen[3]);
    tf.dispose([data.x, data.y]);
    model.dispose();
    optimizer.dispose();
  });

  it('rejects bad options and a monitor that is not logged', async () => {
    expect(() => earlyStopping({ patience: -1 })).toThrow('earlyStopping: patience must be an integer >= 0, got -1');
    expect(() => earlyStopping({ mode: 'up' as never })).toThrow(/earlyStopping: mode must be one of 'min', 'max', 'auto'/);
    expect(() => earlyStopping({ patienceIncrease: 1 })).toThrow('earlyStopping: patienceIncrease must be > 1, got 1');
    await expect(runScripted([1, 2], { monitor: 'valLoss' })).rejects.toThrow(/monitor 'valLoss' is not in the epoch log/);
  });
});
