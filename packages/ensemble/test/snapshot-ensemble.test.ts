import { describe, expect, it } from 'vitest';
import { tf, useBackend } from '@dl/core';
import { checkpoint, fit, memoryStore } from '@dl/train';
import { ensemblePredict, snapshotCosine, snapshotEnsemble } from '../src/index.js';
import { net, read, sgdFor, toyData } from './support/fit.js';

await useBackend('cpu');

describe('snapshotEnsemble [cpu]', () => {
  it('sets the cyclic schedule and keeps a CPU snapshot at each cycle end, equal to the weights then', async () => {
    const data = toyData(48);
    const model = net(1, { bn: true });
    const optimizer = sgdFor(model);
    const seen: Record<number, Record<string, number[]>> = {};
    const cb = snapshotEnsemble({ cycles: 4, lr: 0.2 });
    const spy = {
      priority: 10, // after the snapshot callback
      async onBatchEnd(ctx: { history: { lr: number[] }; weights(): Record<string, tf.Tensor> }) {
        const w = ctx.weights();
        seen[ctx.history.lr.length] = await read(w);
        tf.dispose(w);
      },
    };
    const before = tf.memory().numTensors;
    const r = await fit({ model, optimizer, data, epochs: 5, batchSize: 8, rng: 0, callbacks: [cb, spy as never] });
    expect(tf.memory().numTensors).toBe(before); // snapshots hold no tensors
    // T = 30 steps, M = 4: period 8, snapshots at steps 8, 16, 24 and the last (30)
    expect(cb.snapshots.map((s) => s.step)).toEqual([8, 16, 24, 30]);
    const s = snapshotCosine({ lr: 0.2, totalSteps: 30, cycles: 4 });
    expect(r.history.lr).toEqual(Array.from({ length: 30 }, (_, i) => s(i)));
    for (const snap of cb.snapshots) {
      for (const [k, v] of Object.entries(snap.weights)) {
        expect(v.data).toBeInstanceOf(v.dtype === 'int32' ? Int32Array : Float32Array);
        expect(Array.from(v.data)).toEqual(seen[snap.step]![k]);
      }
    }
    const x = tf.slice(data.x, 0, 5);
    const p = ensemblePredict(cb.members(3), x, { model });
    expect(p.shape).toEqual([5, 3]);
    tf.dispose([p, x, data.x, data.y]);
    model.dispose();
    optimizer.dispose();
  });

  it('keeps its snapshots through a checkpoint and resume', async () => {
    const data = toyData(40);
    // the killed run is planned for 4 epochs too (the schedule depends on the budget) and stops after 3
    const run = async (stopAt: number, resume?: Uint8Array) => {
      const model = net(3);
      const optimizer = sgdFor(model);
      const store = memoryStore();
      const cb = snapshotEnsemble({ cycles: 3, lr: 0.1 });
      const kill = { onEpochEnd: (ctx: { stop(m: string): void }, log: { epoch: number }) => (log.epoch === stopAt ? ctx.stop('killed') : undefined) };
      await fit({ model, optimizer, data, epochs: 4, batchSize: 8, rng: 7, callbacks: [cb, kill as never, checkpoint({ store })], ...(resume ? { resume } : {}) });
      model.dispose();
      optimizer.dispose();
      return { store, snaps: cb.snapshots.map((s) => ({ step: s.step, w: Object.fromEntries(Object.entries(s.weights).map(([k, v]) => [k, Array.from(v.data)])) })) };
    };
    const straight = await run(99);
    const first = await run(3);
    const resumed = await run(99, await first.store.load('epoch-0003'));
    expect(straight.snaps.map((s) => s.step)).toEqual([7, 14, 20]);
    expect(resumed.snaps).toEqual(straight.snaps);
    tf.dispose([data.x, data.y]);
  });

  it('rejects bad options', () => {
    expect(() => snapshotEnsemble({ cycles: 0, lr: 0.1 })).toThrow(/snapshotEnsemble: cycles must be an integer >= 1/);
    expect(() => snapshotEnsemble({ cycles: 3, lr: -1 })).toThrow(/snapshotEnsemble: lr must be a finite number > 0/);
    expect(() => snapshotEnsemble(undefined as never)).toThrow(/options \{cycles, lr\} are required/);
  });
});
