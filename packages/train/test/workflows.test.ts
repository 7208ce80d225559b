import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { Optimizer, sgd } from '@dl/optim';
import { cosineAnnealing, oneCycle, reduceOnPlateau } from '@dl/schedulers';
import { checkpoint, fit, lrRangeTest, lrSchedule, memoryStore, reduceLrOnPlateau } from '../src/index.js';
import type { Callback } from '../src/index.js';
import { mlp, sgdFor, toyData } from './support.js';

// The five reports of issue 12, each failing on the main before it, and the workflow pieces around them.

const groupsFor = (model: ReturnType<typeof mlp>) =>
  new Optimizer(sgd({ lr: 0.1, momentum: 0.9 }), model.parameters(), { groups: [{ name: 'body', params: (n) => n.startsWith('0.'), lr: 0.01 }] });

describe('param groups under fit', () => {
  it("fit's schedule drives every group from its own base rate", async () => {
    const data = toyData(24);
    const model = mlp();
    const optimizer = groupsFor(model);
    const s = cosineAnnealing({ lr: 0.1, tMax: 12 });
    await fit({ model, optimizer, data, epochs: 2, batchSize: 8, rng: 0, schedule: s });
    // 6 steps done: the next rate is step 6 of the cosine, per group
    expect(optimizer.getLearningRate('default')).toBeCloseTo(s(6), 12);
    expect(optimizer.getLearningRate('body')).toBeCloseTo(s(6) / 10, 12);
    tf.dispose([data.x, data.y]);
    model.dispose();
    optimizer.dispose();
  });

  it('the lrSchedule callback too, per epoch', async () => {
    const data = toyData(24);
    const model = mlp();
    const optimizer = groupsFor(model);
    const seen: number[][] = [];
    const watch: Callback = { onEpochBegin: (ctx) => void seen.push(ctx.optimizer.groupNames.map((g) => ctx.optimizer.getLearningRate(g))) };
    await fit({ model, optimizer, data, epochs: 3, batchSize: 8, rng: 0, callbacks: [lrSchedule((e) => 0.1 * 0.5 ** e, { per: 'epoch' }), watch] });
    expect(seen.map((r) => r.map((v) => +v.toPrecision(12)))).toEqual([[0.1, 0.01], [0.05, 0.005], [0.025, 0.0025]]);
    tf.dispose([data.x, data.y]);
    model.dispose();
    optimizer.dispose();
  });
});

describe('reduceLrOnPlateau with param groups', () => {
  it("reduces each group's own rate, each floored at its own minLr (PyTorch's min_lr list)", async () => {
    const data = toyData(24);
    const model = mlp();
    const optimizer = groupsFor(model);
    const metrics = [1, 1, 1, 1, 1];
    const script: Callback = { priority: -1, onEpochEnd: (_c, log) => void (log.valLoss = metrics[log.epoch - 1]!) };
    const seen: number[][] = [];
    const watch: Callback = { onEpochBegin: (ctx) => void seen.push(ctx.optimizer.groupNames.map((g) => ctx.optimizer.getLearningRate(g))) };
    const options = { patience: 0, factor: 0.5 };
    await fit({ model, optimizer, data, epochs: 5, batchSize: 8, rng: 0, callbacks: [script, reduceLrOnPlateau({ ...options, minLr: { body: 0.004 } }), watch] });
    // the reference: @dl/schedulers' reduceOnPlateau (checked against PyTorch) over both groups
    const ref = reduceOnPlateau({ lr: [0.1, 0.01], minLr: [0, 0.004], ...options });
    const want = [[0.1, 0.01], ...metrics.slice(0, 4).map((m) => ref.step(m))];
    expect(seen).toEqual(want);
    expect(seen[4]![1]).toBe(0.004);
    await expect(fit({ model, optimizer, data, epochs: 1, callbacks: [reduceLrOnPlateau({ minLr: [0.1] })] })).rejects.toThrow(/minLr has 1 entries but the optimizer has 2 param groups \(default, body\)/);
    tf.dispose([data.x, data.y]);
    model.dispose();
    optimizer.dispose();
  });
});

describe('resume with param groups and a per-step schedule', () => {
  it('continues the run where it was: the same rates per group and the same weights as without the break', async () => {
    const data = toyData(24);
    const make = () => {
      const model = mlp();
      return { model, optimizer: groupsFor(model) };
    };
    const schedule = oneCycle({ maxLr: 0.1, totalSteps: 12 });
    const full = make();
    const rFull = await fit({ ...full, data, epochs: 4, batchSize: 8, rng: 3, schedule });
    const store = memoryStore();
    const part = make();
    await fit({ ...part, data, epochs: 2, batchSize: 8, rng: 3, schedule, callbacks: [checkpoint({ store })] });
    const resumed = make();
    const rResumed = await expectNoLeak(async () => fit({ ...resumed, data, epochs: 4, batchSize: 8, rng: 3, schedule, callbacks: [checkpoint({ store: memoryStore() })], resume: await store.load('last') }));
    expect(rResumed.history.lr).toEqual(rFull.history.lr);
    expect(resumed.optimizer.getLearningRate('body')).toBe(full.optimizer.getLearningRate('body'));
    const [a, b] = [resumed.model.stateDict(), full.model.stateDict()];
    await expectTensorsClose(a, b, { rtol: 0, atol: 0 });
    tf.dispose([data.x, data.y, ...Object.values(a), ...Object.values(b)]);
    for (const m of [full, part, resumed]) (m.model.dispose(), m.optimizer.dispose());
  });
});

describe('a parameter the loss does not reach', () => {
  it('is left untouched, as PyTorch does for grad None', async () => {
    const data = toyData(24);
    const model = mlp();
    const spare = tf.variable(tf.ones([3]), true, 'spare_head');
    const optimizer = new Optimizer(sgd({ lr: 0.1, momentum: 0.9, weightDecay: 0.1 }), { ...model.parameters(), spare });
    const r = await expectNoLeak(() => fit({ model, optimizer, data, epochs: 2, batchSize: 8, rng: 0 }));
    expect(r.history.lr).toHaveLength(6);
    expect(Array.from(await spare.data())).toEqual([1, 1, 1]); // no update, no weight decay
    tf.dispose([data.x, data.y, spare]);
    model.dispose();
    optimizer.dispose();
  });
});

describe("nonFinite: 'skip' under fit", () => {
  it('a skipped batch leaves weights, running loss and schedules as they were, and is counted', async () => {
    const data = toyData(24);
    // example 9 (in batch 2 with shuffle off) is NaN: its batch's gradients are not finite
    const bad = tf.tidy(() => tf.where(tf.equal(tf.range(0, 24).reshape([24, 1]).tile([1, 4]), 9), tf.fill([24, 4], Number.NaN), data.x));
    const model = mlp();
    const optimizer = new Optimizer(sgd({ lr: 0.1, momentum: 0.9 }), model.parameters(), { nonFinite: 'skip' });
    const r = await expectNoLeak(() => fit({ model, optimizer, data: { x: bad, y: data.y }, epochs: 2, batchSize: 8, rng: 0, shuffle: false, schedule: (t) => 0.1 / (t + 1), logEvery: 1 }));
    expect(r.stopped).toBeUndefined();
    expect(r.skippedSteps).toBe(2);
    expect(r.history.epochs.map((e) => [e.steps, e.skippedSteps])).toEqual([[2, 1], [2, 1]]);
    expect(r.history.epochs.every((e) => Number.isFinite(e.loss))).toBe(true);
    expect(r.history.lr).toEqual([0.1, 0.05, 0.1 / 3, 0.025]); // the schedule did not advance on skipped steps
    expect(optimizer.skippedSteps).toBe(2);
    // same weights as training on batches 1 and 3 only
    const ref = mlp();
    const refOpt = new Optimizer(sgd({ lr: 0.1, momentum: 0.9 }), ref.parameters());
    const idx = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
    const sub = tf.tidy(() => ({ x: tf.gather(data.x, idx), y: tf.gather(data.y, idx) }));
    await fit({ model: ref, optimizer: refOpt, data: sub, epochs: 2, batchSize: 8, rng: 0, shuffle: false, schedule: (t) => 0.1 / (t + 1) });
    const [a, b] = [model.stateDict(), ref.stateDict()];
    await expectTensorsClose(a, b, { rtol: 1e-6, atol: 1e-7 });
    tf.dispose([data.x, data.y, bad, sub.x, sub.y, ...Object.values(a), ...Object.values(b)]);
    [model, ref].forEach((m) => m.dispose());
    [optimizer, refOpt].forEach((o) => o.dispose());
  });

  it('without skipping, stopOnNaN names the step that failed, not a later read-back point', async () => {
    const data = toyData(40);
    const bad = tf.tidy(() => tf.where(tf.equal(tf.range(0, 40).reshape([40, 1]).tile([1, 4]), 17), tf.fill([40, 4], Number.NaN), data.x));
    const model = mlp();
    const optimizer = sgdFor(model);
    const r = await expectNoLeak(() => fit({ model, optimizer, data: { x: bad, y: data.y }, epochs: 2, batchSize: 4, rng: 0, shuffle: false, logEvery: 50 }));
    expect(r.stopped?.reason).toBe('nan');
    expect(r.stopped?.message).toMatch(/became NaN at step 5 \(epoch 1, batch 5\)/);
    tf.dispose([data.x, data.y, bad]);
    model.dispose();
    optimizer.dispose();
  });
});

describe('error paths leave no tensor behind', () => {
  const setup = () => {
    const data = toyData(24);
    const model = mlp();
    const optimizer = sgdFor(model);
    return { data, model, optimizer, done: () => (tf.dispose([data.x, data.y]), model.dispose(), optimizer.dispose()) };
  };

  it('an augment that throws on the second batch', async () => {
    const { data, model, optimizer, done } = setup();
    let calls = 0;
    const augment = (x: tf.Tensor4D) => {
      if (++calls === 2) throw new Error('augment failed');
      return tf.mul(x, 1);
    };
    const x4 = tf.reshape(data.x, [24, 2, 2, 1]);
    const model4 = (x: tf.Tensor) => model.apply(tf.reshape(x, [-1, 4]), { training: true });
    const before = tf.memory().numTensors;
    await expect(expectNoLeak(() => fit({ model: model4, optimizer, data: { x: x4, y: data.y }, epochs: 1, batchSize: 8, augment: augment as never }))).rejects.toThrow('augment failed');
    expect(tf.memory().numTensors).toBe(before); // also without expectNoLeak's own check
    x4.dispose();
    done();
  });

  it('a loss, a mix, a callback and a validation forward that throw', async () => {
    const { data, model, optimizer, done } = setup();
    const before = tf.memory().numTensors;
    let n = 0;
    const loss = (o: tf.Tensor, y: tf.Tensor) => {
      if (++n === 3) throw new Error('loss failed');
      return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.cast(y, 'int32'), 3), o) as tf.Scalar;
    };
    await expect(expectNoLeak(() => fit({ model, optimizer, data, epochs: 1, batchSize: 8, loss }))).rejects.toThrow('loss failed');
    const mix = () => {
      throw new Error('mix failed');
    };
    await expect(expectNoLeak(() => fit({ model, optimizer, data, epochs: 1, batchSize: 8, mix: mix as never }))).rejects.toThrow('mix failed');
    for (const hook of ['onTrainBegin', 'onEpochBegin', 'onBatchEnd', 'onEpochEnd', 'onTrainEnd'] as const) {
      const cb: Callback = {
        [hook]: () => {
          throw new Error(`${hook} failed`);
        },
      };
      await expect(expectNoLeak(() => fit({ model, optimizer, data, validation: 0.25, epochs: 1, batchSize: 8, callbacks: [cb] }))).rejects.toThrow(`${hook} failed`);
    }
    let training = true;
    const fnModel = (x: tf.Tensor, o: { training: boolean }) => {
      if (!o.training && !training) throw new Error('eval failed');
      training = false;
      return model.apply(x, o);
    };
    await expect(expectNoLeak(() => fit({ model: fnModel as never, optimizer, data, validation: { x: data.x, y: data.y }, epochs: 1, batchSize: 8 }))).rejects.toThrow('eval failed');
    expect(tf.memory().numTensors).toBe(before); // also without expectNoLeak's own check
    done();
  });

  it('a bad resume checkpoint is refused before the model or the optimizer changes', async () => {
    const { data, model, optimizer, done } = setup();
    let bytes: Uint8Array | undefined;
    await fit({ model, optimizer, data, epochs: 1, batchSize: 8, rng: 0, callbacks: [{ onEpochEnd: async (ctx) => void (bytes = await ctx.snapshot()) }] });
    const other = mlp(1, 4, 3, 5); // another hidden width
    const otherOpt = sgdFor(other);
    const before = other.stateDict();
    const stepsBefore = otherOpt.steps;
    await expect(expectNoLeak(() => fit({ model: other, optimizer: otherOpt, data, epochs: 2, batchSize: 8, resume: bytes! }))).rejects.toThrow(/fit: resume: weight 0\.bias has shape \[8\] in the checkpoint, \[5\] in the model/);
    const after = other.stateDict();
    await expectTensorsClose(after, before, { rtol: 0, atol: 0 });
    expect(otherOpt.steps).toBe(stepsBefore);
    // the optimizer's state is checked too, before anything is loaded
    const adamLike = new Optimizer(sgd({ lr: 0.1 }), model.parameters()); // no momentum: another state structure
    await expect(expectNoLeak(() => fit({ model, optimizer: adamLike, data, epochs: 2, batchSize: 8, resume: bytes! }))).rejects.toThrow(/fit: resume: the optimizer state does not fit this optimizer/);
    await expect(expectNoLeak(() => fit({ model, optimizer, data, epochs: 2, batchSize: 8, resume: bytes!.slice(0, 50) }))).rejects.toThrow();
    tf.dispose([...Object.values(before), ...Object.values(after)]);
    other.dispose();
    otherOpt.dispose();
    adamLike.dispose();
    done();
  });

  it('lrRangeTest restores everything when the loss throws', async () => {
    const { data, model, optimizer, done } = setup();
    const count = tf.memory().numTensors;
    const before = model.stateDict();
    let n = 0;
    const loss = (o: tf.Tensor, y: tf.Tensor) => {
      if (++n === 4) throw new Error('loss failed');
      return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.cast(y, 'int32'), 3), o) as tf.Scalar;
    };
    await expect(expectNoLeak(() => lrRangeTest({ model, optimizer, data, loss, steps: 10, batchSize: 4 }))).rejects.toThrow('loss failed');
    const after = model.stateDict();
    await expectTensorsClose(after, before, { rtol: 0, atol: 0 });
    expect(optimizer.getLearningRate()).toBe(0.1);
    expect(optimizer.steps).toBe(0);
    tf.dispose([...Object.values(before), ...Object.values(after)]);
    expect(tf.memory().numTensors).toBe(count);
    done();
  });
});

describe('staged fits and the loop options', () => {
  it('two fits on one optimizer, each with a one-cycle sized for it (train the head, then everything)', async () => {
    const data = toyData(24);
    const model = mlp();
    const optimizer = new Optimizer(sgd({ lr: 0.1, momentum: 0.9 }), model.parameters());
    const first = oneCycle({ maxLr: 0.1, totalSteps: 6 });
    const r1 = await fit({ model, optimizer, data, epochs: 2, batchSize: 8, rng: 0, schedule: first });
    const second = oneCycle({ maxLr: 0.01, totalSteps: 9 });
    const r2 = await expectNoLeak(() => fit({ model, optimizer, data, epochs: 3, batchSize: 8, rng: 1, schedule: second }));
    expect(r1.history.lr).toEqual([0, 1, 2, 3, 4, 5].map((t) => first(t)));
    expect(r2.history.lr).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map((t) => second(t)));
    expect(optimizer.steps).toBe(15);
    // after the run the schedule is detached; the rate stays where the schedule left it
    expect(optimizer.getLearningRate()).toBe(second(9)); // PyTorch's lr after the last scheduler.step()
    tf.dispose([data.x, data.y]);
    model.dispose();
    optimizer.dispose();
  });

  it('ctx.stop() from onBatchEnd ends training after that batch; the epoch still ends (Keras)', async () => {
    const data = toyData(40);
    const model = mlp();
    const optimizer = sgdFor(model);
    const ends: number[] = [];
    const cb: Callback = {
      onBatchEnd: (ctx, log) => {
        if (log.epoch === 2 && log.batch === 3) ctx.stop('enough');
      },
      onEpochEnd: (_ctx, log) => void ends.push(log.epoch),
    };
    const r = await fit({ model, optimizer, data, epochs: 5, batchSize: 4, rng: 0, callbacks: [cb] });
    expect(optimizer.steps).toBe(10 + 3);
    expect(r.stopped).toMatchObject({ reason: 'callback', message: 'enough', epoch: 2 });
    expect(ends).toEqual([1, 2]);
    expect(r.history.epochs[1]!.steps).toBe(3);
    tf.dispose([data.x, data.y]);
    model.dispose();
    optimizer.dispose();
  });

  it('shuffle: false takes the examples in order', async () => {
    const data = toyData(12);
    const seen: number[][] = [];
    const vars = { w: tf.variable(tf.zeros([4, 3]), true, 'shuffle_w') };
    const optimizer = new Optimizer(sgd({ lr: 0.1 }), vars);
    const model = (x: tf.Tensor) => {
      seen.push(Array.from(x.slice([0, 0], [-1, 1]).dataSync()));
      return tf.matMul(x, vars.w);
    };
    await fit({ model, optimizer, data, epochs: 2, batchSize: 5, shuffle: false });
    const col = Array.from((await data.x.slice([0, 0], [-1, 1]).data()));
    const train = seen.filter((s) => s.length !== 1); // the label-check probe passes one example
    expect(train.map((s) => s.length)).toEqual([5, 5, 2, 5, 5, 2]);
    expect(train.slice(0, 3).flat()).toEqual(col);
    expect(train.slice(3).flat()).toEqual(col);
    await expect(fit({ model, optimizer, data, epochs: 1, shuffle: 'no' as never })).rejects.toThrow("fit: shuffle must be a boolean, got 'no'");
    tf.dispose([data.x, data.y, vars.w]);
    optimizer.dispose();
  });

  it('checks clipping and accumulation options by name', async () => {
    const { x, y } = toyData(8);
    const model = mlp();
    const optimizer = sgdFor(model);
    const bad = (extra: Record<string, unknown>) => expectNoLeak(() => fit({ model, optimizer, data: { x, y }, epochs: 1, ...extra } as never));
    await expect(bad({ clipGradNorm: 0 })).rejects.toThrow('fit: clipGradNorm must be > 0, got 0');
    await expect(bad({ clipGradNorm: { maxNorm: 1, normType: -1 } })).rejects.toThrow(/fit: clipGradNorm.normType must be a number > 0, Infinity or 'inf', got -1/);
    await expect(bad({ clipGradNorm: { max: 1 } })).rejects.toThrow(/fit: unknown option 'clipGradNorm.max'/);
    await expect(bad({ clipGradValue: -1 })).rejects.toThrow('fit: clipGradValue must be > 0, got -1');
    await expect(bad({ accumulateSteps: 0 })).rejects.toThrow('fit: accumulateSteps must be an integer >= 1, got 0');
    expect(optimizer.steps).toBe(0);
    tf.dispose([x, y]);
    model.dispose();
    optimizer.dispose();
  });
});

describe('freezing during a run (issue 13)', () => {
  it('a callback that sets trainable = false mid-run is honoured at the next batch, and unfreezing too', async () => {
    const data = toyData(24);
    const model = mlp();
    const optimizer = sgdFor(model);
    const first = model.parameters()['0.kernel']!;
    let atFreeze: number[] = [];
    let atUnfreeze: number[] = [];
    const freezer: Callback = {
      async onEpochBegin(_ctx, epoch) {
        if (epoch === 2) {
          first.trainable = false;
          atFreeze = Array.from(await first.data());
        }
        if (epoch === 3) {
          atUnfreeze = Array.from(await first.data());
          first.trainable = true;
        }
      },
    };
    await expectNoLeak(() => fit({ model, optimizer, data, epochs: 3, batchSize: 8, rng: 0, callbacks: [freezer] }));
    // unchanged through epoch 2 (three steps), trained again in epoch 3
    expect(atUnfreeze).toEqual(atFreeze);
    expect(Array.from(await first.data())).not.toEqual(atUnfreeze);
    tf.dispose([data.x, data.y]);
    model.dispose();
    optimizer.dispose();
  });

  it('onResume lets a callback re-add its param group before the checkpoint is checked', async () => {
    const data = toyData(24);
    const make = () => {
      const model = mlp();
      const head = Object.fromEntries(Object.entries(model.parameters()).filter(([n]) => n.startsWith('2.')));
      const body = Object.fromEntries(Object.entries(model.parameters()).filter(([n]) => n.startsWith('0.')));
      for (const v of Object.values(body)) v.trainable = false;
      const optimizer = new Optimizer(sgd({ lr: 0.1, momentum: 0.9 }), head);
      let added = false;
      const unfreezeAt2: Callback = {
        name: 'unfreeze',
        onEpochBegin(ctx, epoch) {
          if (epoch === 2 && !added) {
            for (const v of Object.values(body)) v.trainable = true;
            ctx.optimizer.addParamGroup({ name: 'body', params: body, lrScale: 0.1 });
            added = true;
          }
        },
        state: () => ({ added }),
        onResume({ optimizer: opt, state }) {
          if ((state.metadata.callbacks.unfreeze as { added: boolean }).added && !added) {
            for (const v of Object.values(body)) v.trainable = true;
            opt.addParamGroup({ name: 'body', params: body, lrScale: 0.1 });
            added = true;
          }
        },
      };
      return { model, optimizer, callbacks: [unfreezeAt2] };
    };
    const full = make();
    await fit({ ...full, data, epochs: 3, batchSize: 8, rng: 0, shuffle: false });
    const part = make();
    const store = memoryStore();
    await fit({ ...part, data, epochs: 2, batchSize: 8, rng: 0, shuffle: false, callbacks: [...part.callbacks, checkpoint({ store })] });
    const resumed = make();
    const bytes = await store.load('last');
    const before = tf.memory().numTensors;
    await fit({ ...resumed, data, epochs: 3, batchSize: 8, rng: 0, shuffle: false, resume: bytes });
    // nothing left behind but the re-added group's momentum buffers (0.kernel, 0.bias), which the optimizer owns
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(resumed.optimizer.groupNames).toEqual(['default', 'body']);
    const [a, b] = [resumed.model.stateDict(), full.model.stateDict()];
    for (const k of Object.keys(a)) expect(Array.from(await a[k]!.data()), k).toEqual(Array.from(await b[k]!.data()));
    tf.dispose([...Object.values(a), ...Object.values(b), data.x, data.y]);
    for (const m of [full, part, resumed]) (m.model.dispose(), m.optimizer.dispose());
  });
});
