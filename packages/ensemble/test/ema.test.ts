import { describe, expect, it } from 'vitest';
import { tf, useBackend } from '@dl/core';
import { expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { checkpoint, fit, memoryStore } from '@dl/train';
import type { Callback } from '@dl/train';
import { AveragedModel, ema, getEmaAvgFn } from '../src/index.js';
import type { EmaWarmup } from '../src/index.js';
import { net, read, sgdFor, toyData } from './support/fit.js';

// The callback in fit runs on cpu: the loop is the same on every backend, and the averaging
// arithmetic is checked on every backend against PyTorch in averaged-model.test.ts.
await useBackend('cpu');

/** Records the averaged variables' source: the model's weights after every optimizer step. */
function recorder(): Callback & { steps: Record<string, number[]>[] } {
  const steps: Record<string, number[]>[] = [];
  return {
    steps,
    async onBatchEnd(ctx) {
      const w = ctx.weights();
      steps.push(await read(w));
      tf.dispose(w);
    },
  };
}

/** The reference: each warm-up's published formula in float64 over the recorded weights. */
function reference(steps: Record<string, number[]>[], decay: number, warmup: EmaWarmup, every: number): Record<string, number[]> {
  let avg: Record<string, number[]> | undefined;
  let n = 0;
  steps.forEach((w, i) => {
    const t = i + 1; // optimizer step
    if (t % every !== 0) return;
    n++;
    if (!avg) {
      avg = Object.fromEntries(Object.entries(w).map(([k, v]) => [k, v.map((x) => (warmup === 'debias' ? (1 - decay) * x : x))]));
      return;
    }
    const d = warmup === 'tf' ? Math.min(decay, (1 + t) / (10 + t)) : warmup === 'timm' ? Math.max(0, Math.min(decay, 1 - (1 + (t - 1)) ** (-2 / 3))) : decay;
    for (const k of Object.keys(avg)) avg[k] = avg[k]!.map((a, j) => d * a + (1 - d) * w[k]![j]!);
  });
  if (warmup === 'debias') for (const k of Object.keys(avg!)) avg![k] = avg![k]!.map((a) => a / (1 - decay ** n));
  return avg!;
}

describe('ema [cpu]', () => {
  for (const [warmup, every] of [['none', 1], ['tf', 1], ['timm', 2], ['debias', 3]] as const) {
    it(`follows the ${warmup} warm-up formula every ${every} step(s)`, async () => {
      const data = toyData(48);
      const model = net();
      const optimizer = sgdFor(model);
      const rec = recorder();
      const cb = ema({ decay: 0.9, warmup, every, loadAtEnd: false });
      await fit({ model, optimizer, data, epochs: 3, batchSize: 8, rng: 0, callbacks: [rec, cb] });
      const got = cb.averagedWeights();
      const want = reference(rec.steps, 0.9, warmup, every);
      // buffers are not there without batch norm: parameters only
      await expectTensorsClose(got, tf.tidy(() => Object.fromEntries(Object.entries(want).map(([k, v]) => [k, tf.tensor(v, got[k]!.shape)]))), { rtol: 1e-5, atol: 1e-6 });
      expect(cb.updates).toBe(Math.floor(18 / every));
      tf.dispose([got, data.x, data.y]);
      cb.dispose();
      model.dispose();
      optimizer.dispose();
    });
  }

  it('equals AveragedModel with getEmaAvgFn (the seeds\' Polyak rule, decay 0.95) and loads it at the end', async () => {
    const data = toyData(48);
    const model = net(1, { bn: true });
    const optimizer = sgdFor(model);
    const ref = new AveragedModel(model, { copy: () => net(1, { bn: true }), avgFn: getEmaAvgFn(0.95), useBuffers: true });
    const stepper: Callback = {
      onBatchEnd() {
        ref.updateParameters(model as never);
      },
    };
    const cb = ema({ decay: 0.95 });
    await fit({ model, optimizer, data, epochs: 2, batchSize: 8, rng: 0, callbacks: [stepper, cb] });
    const want = ref.module.stateDict();
    const got = model.stateDict();
    // integers: copied by the callback (as timm), averaged by AveragedModel
    tf.dispose([want['1.numBatchesTracked']!, got['1.numBatchesTracked']!]);
    delete want['1.numBatchesTracked'];
    delete got['1.numBatchesTracked'];
    await expectTensorsClose(got, want, { rtol: 1e-6, atol: 1e-7 });
    tf.dispose([want, got, data.x, data.y]);
    ref.dispose();
    cb.dispose();
    model.dispose();
    optimizer.dispose();
  });

  it('validates the averaged weights each epoch beside the raw ones', async () => {
    const data = toyData(48);
    const val = toyData(30, 4, 3, 5);
    const model = net();
    const optimizer = sgdFor(model);
    const cb = ema({ decay: 0.9, validation: val });
    const r = await fit({ model, optimizer, data, validation: val, epochs: 2, batchSize: 8, rng: 0, callbacks: [cb] });
    expect(cb.records.map((x) => x.epoch)).toEqual([1, 2]);
    for (const e of r.history.epochs) {
      const log = e as typeof e & { emaValAccuracy?: number };
      expect(log.valAccuracy).toBeTypeOf('number');
      expect(log.emaValAccuracy).toBeTypeOf('number');
    }
    tf.dispose([data.x, data.y, val.x, val.y]);
    cb.dispose();
    model.dispose();
    optimizer.dispose();
  });

  it('resumes exactly: the average after 2 + 2 resumed epochs equals 4 straight ones, bit for bit', async () => {
    const data = toyData(40);
    const run = async (epochs: number, resume?: Uint8Array) => {
      const model = net(3, { bn: true });
      const optimizer = sgdFor(model);
      const store = memoryStore();
      const cb = ema({ decay: 0.8, warmup: 'debias', loadAtEnd: false });
      await fit({ model, optimizer, data, epochs, batchSize: 8, rng: 7, callbacks: [cb, checkpoint({ store })], ...(resume ? { resume } : {}) });
      const w = cb.averagedWeights();
      const values = await read(w);
      tf.dispose(w);
      cb.dispose();
      model.dispose();
      optimizer.dispose();
      return { store, values, updates: cb.updates };
    };
    const straight = await run(4);
    const first = await run(2);
    const resumed = await run(4, await first.store.load('epoch-0002'));
    expect(resumed.updates).toBe(straight.updates);
    expect(resumed.values).toEqual(straight.values);
    tf.dispose([data.x, data.y]);
  });

  it('keeps tf.memory().numTensors unchanged over 500 EMA steps', async () => {
    const data = toyData(1000);
    const model = net(1, { bn: true });
    const optimizer = sgdFor(model, 0.01);
    const before = tf.memory().numTensors;
    const cb = ema({ decay: 0.99, warmup: 'timm' });
    await fit({ model, optimizer, data, epochs: 1, batchSize: 2, rng: 0, logEvery: 1000, callbacks: [cb] });
    expect(cb.updates).toBe(500);
    cb.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([data.x, data.y]);
    model.dispose();
    optimizer.dispose();
  });

  it('rejects bad options by name before any tensor is made', () => {
    const before = tf.memory().numTensors;
    expect(() => ema({ decay: 1.5 })).toThrow(/ema: decay must be in \[0, 1\], got 1.5/);
    expect(() => ema({ decay: -0.5 })).toThrow(RangeError);
    expect(() => ema({ every: 0 })).toThrow(/ema: every must be an integer >= 1/);
    expect(() => ema({ warmup: 'keras' as never })).toThrow(/ema: warmup must be one of 'none', 'tf', 'timm', 'debias'/);
    expect(() => ema({ decay: 1, warmup: 'debias' })).toThrow(/decay must be < 1 with warmup 'debias'/);
    expect(() => ema({ decya: 0.9 } as never)).toThrow(/ema: unknown option 'decya'/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a function model when training begins, leaking nothing', async () => {
    const data = toyData(16);
    const model = net();
    const optimizer = sgdFor(model);
    const f = (x: tf.Tensor) => model.apply(x);
    await expectNoLeak(() => expect(fit({ model: f, optimizer, data, epochs: 1, callbacks: [ema()] })).rejects.toThrow(/ema: the model must be a Module/));
    tf.dispose([data.x, data.y]);
    model.dispose();
    optimizer.dispose();
  });
});
