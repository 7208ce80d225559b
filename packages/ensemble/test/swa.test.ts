import { describe, expect, it } from 'vitest';
import { tf, useBackend } from '@dl/core';
import { expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { swalr } from '@dl/schedulers';
import { checkpoint, fit, memoryStore } from '@dl/train';
import type { Callback } from '@dl/train';
import { swa, updateBn } from '../src/index.js';
import { net, read, sgdFor, toyData } from './support/fit.js';

// fit-level behaviour on cpu; the averaging and updateBn arithmetic are checked on every backend
// against PyTorch in averaged-model.test.ts and update-bn.test.ts.
await useBackend('cpu');

/** The model's parameters at each epoch's end. */
function epochWeights(): Callback & { epochs: Record<string, number[]>[] } {
  const epochs: Record<string, number[]>[] = [];
  return {
    epochs,
    priority: -1,
    async onEpochEnd(ctx) {
      const m = ctx.model as unknown as { parameters(): Record<string, tf.Tensor> };
      epochs.push(await read(m.parameters()));
    },
  };
}

describe('swa [cpu]', () => {
  it('runs SWALR per epoch from start, averages every `every` epochs with equal weights, and updateBn at the end', async () => {
    const data = toyData(48);
    const model = net(2, { bn: true });
    const optimizer = sgdFor(model, 0.2);
    const rec = epochWeights();
    const cb = swa({ start: 3, lr: 0.05, annealEpochs: 2, every: 2, bnData: data.x, batchSize: 16 });
    const r = await fit({ model, optimizer, data, epochs: 8, batchSize: 8, rng: 0, callbacks: [rec, cb] });
    // per-epoch rates: 0.2 for epochs 1-2, then SWALR's values 1, 2, ... (6 steps per epoch)
    const perEpoch = r.history.epochs.map((_, i) => r.history.lr[i * 6]);
    const s = swalr({ lr: 0.2, swaLr: 0.05, annealEpochs: 2 });
    expect(perEpoch).toEqual([0.2, 0.2, s(1), s(2), s(3), s(4), s(5), s(6)]);
    expect(perEpoch.slice(4)).toEqual([0.05, 0.05, 0.05, 0.05]);
    // averaged at the end of epochs 3, 5, 7
    expect(cb.nAveraged).toBe(3);
    const avg = cb.averagedWeights();
    const want: Record<string, tf.Tensor> = {};
    for (const k of Object.keys(avg)) {
      const vals = [2, 4, 6].map((e) => rec.epochs[e]![k]!);
      want[k] = tf.tensor(vals[0]!.map((_, j) => (vals[0]![j]! + vals[1]![j]! + vals[2]![j]!) / 3), avg[k]!.shape);
    }
    await expectTensorsClose(avg, want, { rtol: 1e-5, atol: 1e-6 });
    // the model now holds the average, with batch-norm statistics from updateBn on it
    const ref = net(2, { bn: true });
    ref.loadStateDict({ ...Object.fromEntries(Object.entries(ref.stateDict())), ...avg }, { strict: false });
    updateBn(data.x, ref, { batchSize: 16 });
    const got = model.stateDict();
    const exp = ref.stateDict();
    await expectTensorsClose(got, exp, { rtol: 1e-6, atol: 1e-7 });
    tf.dispose([avg, want, got, exp, data.x, data.y]);
    cb.dispose();
    ref.dispose();
    model.dispose();
    optimizer.dispose();
  });

  it('validates the average (after updateBn) at each averaged epoch', async () => {
    const data = toyData(48);
    const val = toyData(30, 4, 3, 9);
    const model = net(2, { bn: true });
    const optimizer = sgdFor(model);
    const cb = swa({ start: 2, lr: 0.05, annealEpochs: 0, bnData: { x: data.x }, validation: val });
    await fit({ model, optimizer, data, epochs: 3, batchSize: 8, rng: 0, callbacks: [cb] });
    expect(cb.records.map((x) => x.epoch)).toEqual([2, 3]);
    expect(cb.records.every((x) => typeof x.valAccuracy === 'number')).toBe(true);
    tf.dispose([data.x, data.y, val.x, val.y]);
    cb.dispose();
    model.dispose();
    optimizer.dispose();
  });

  it('resumes exactly from a checkpoint inside the SWA phase', async () => {
    const data = toyData(40);
    const run = async (epochs: number, resume?: Uint8Array) => {
      const model = net(3, { bn: true });
      const optimizer = sgdFor(model);
      const store = memoryStore();
      const cb = swa({ start: 2, lr: 0.02, annealEpochs: 3, bnData: data.x });
      const r = await fit({ model, optimizer, data, epochs, batchSize: 8, rng: 7, callbacks: [cb, checkpoint({ store })], ...(resume ? { resume } : {}) });
      const values = await read(model.stateDict());
      cb.dispose();
      model.dispose();
      optimizer.dispose();
      return { store, values, lr: r.history.lr, n: cb.nAveraged };
    };
    const straight = await run(5);
    const first = await run(3);
    const resumed = await run(5, await first.store.load('epoch-0003'));
    expect(resumed.n).toBe(straight.n);
    expect(resumed.lr).toEqual(straight.lr);
    expect(resumed.values).toEqual(straight.values);
    tf.dispose([data.x, data.y]);
  });

  it('keeps tf.memory().numTensors unchanged over 500 SWA steps', async () => {
    const data = toyData(100);
    const model = net(1, { bn: true });
    const optimizer = sgdFor(model, 0.01);
    const before = tf.memory().numTensors;
    const cb = swa({ start: 1, lr: 0.01, bnData: data.x, validation: data });
    await fit({ model, optimizer, data, epochs: 10, batchSize: 2, rng: 0, logEvery: 1000, callbacks: [cb] });
    expect(cb.nAveraged).toBe(10);
    cb.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([data.x, data.y]);
    model.dispose();
    optimizer.dispose();
  });

  it('rejects bad options by name before any tensor is made, and start past the last epoch when training begins', async () => {
    const before = tf.memory().numTensors;
    expect(() => swa({ lr: 0.05 } as never)).toThrow(/swa: start \(the first SWA epoch\) is required/);
    expect(() => swa({ start: 0, lr: 0.05 })).toThrow(/swa: start must be an integer >= 1/);
    expect(() => swa({ start: 2, lr: 0 })).toThrow(/swa: lr \(the SWA learning rate\) must be a finite number > 0/);
    expect(() => swa({ start: 2, lr: 0.1, annealStrategy: 'exp' as never })).toThrow(/annealStrategy must be one of 'cos', 'linear'/);
    expect(() => swa({ start: 2, lr: 0.1, every: 0 })).toThrow(/every must be an integer >= 1/);
    expect(tf.memory().numTensors).toBe(before);
    const data = toyData(16);
    const model = net(1, { bn: true });
    const optimizer = sgdFor(model);
    await expectNoLeak(() => expect(fit({ model, optimizer, data, epochs: 3, callbacks: [swa({ start: 4, lr: 0.1 })] })).rejects.toThrow(/swa: start \(4\) is past the last epoch \(3\)/));
    await expectNoLeak(() => expect(fit({ model, optimizer, data, epochs: 3, callbacks: [swa({ start: 2, lr: 0.1 })] })).rejects.toThrow(/swa: the model has batch norm: give bnData/));
    tf.dispose([data.x, data.y]);
    model.dispose();
    optimizer.dispose();
  });
});
