import { describe, expect, it } from 'vitest';
import { deserializeCheckpoint, serializeCheckpoint, tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import {
  NonFiniteGradientError,
  Optimizer,
  adadelta,
  adagrad,
  adam,
  adamax,
  adamw,
  chain,
  nadam,
  radam,
  rmsprop,
  scaleByLearningRate,
  sgd,
  trace,
} from '../src/index.js';
import type { GradientTransformation, OptimizerStateDict } from '../src/index.js';
import * as tfl from '@tensorflow/tfjs-layers';

let uid = 0;
function vars(values: Record<string, number[]>): Record<string, tf.Variable> {
  return tf.tidy(() => {
    const out: Record<string, tf.Variable> = {};
    for (const [n, v] of Object.entries(values)) out[n] = tf.variable(tf.tensor1d(v), true, `opt_test_${uid++}`);
    return out;
  });
}
const grads = (values: Record<string, number[]>) =>
  tf.tidy(() => Object.fromEntries(Object.entries(values).map(([n, v]) => [n, tf.tensor1d(v)])));
const read = async (v: Record<string, tf.Variable>) =>
  Object.fromEntries(await Promise.all(Object.entries(v).map(async ([n, t]) => [n, Array.from(await t.data())] as const)));

const ALL: Record<string, () => GradientTransformation<any>> = {
  sgd: () => sgd({ lr: 0.01, momentum: 0.9, nesterov: true, weightDecay: 1e-3 }),
  adagrad: () => adagrad({ lrDecay: 0.01 }),
  rmsprop: () => rmsprop({ momentum: 0.9, centered: true }),
  adadelta: () => adadelta({ weightDecay: 0.01 }),
  adam: () => adam({ amsgrad: true }),
  adamw: () => adamw(),
  adamax: () => adamax(),
  nadam: () => nadam(),
  radam: () => radam(),
};

describeBackends('Optimizer', (backend) => {
  // 1000 steps on cpu (tensor bookkeeping is the engine's, the same on every backend);
  // 100 on wasm and 50 on the GPU backends, where SwiftShader makes each step slow.
  const steps = backend === 'cpu' ? 1000 : backend === 'wasm' ? 100 : 50;
  it(`keeps no tensors across ${steps} steps of every optimizer, and dispose() frees the state`, async () => {
    // Tiny parameters: this is about tensor bookkeeping, not speed.
    for (const [name, make] of Object.entries(ALL)) {
      const v = vars({ a: [0.5, -1], b: [2] });
      const g = grads({ a: [0.1, -0.2], b: [0.3] });
      const before = tf.memory().numTensors;
      const opt = new Optimizer(make(), v);
      const afterInit = tf.memory().numTensors;
      for (let i = 0; i < steps; i++) await opt.step(g);
      expect(tf.memory().numTensors, `${name} after ${steps} steps`).toBe(afterInit);
      opt.dispose();
      expect(tf.memory().numTensors, `${name} after dispose`).toBe(before);
      tf.dispose([...Object.values(v), ...Object.values(g)]);
    }
  });

  it('minimize returns the loss and steps on the variables', async () => {
    const v = vars({ w: [3, -2] });
    const opt = new Optimizer(sgd({ lr: 0.25 }), v);
    const loss = await expectNoLeak(() => opt.minimize(() => tf.sum(tf.square(v.w!)) as tf.Scalar));
    expect(await loss.data()).toEqual(new Float32Array([13]));
    // w - 0.25 * 2w = w / 2
    expect((await read(v)).w).toEqual([1.5, -1]);
    loss.dispose();
    opt.dispose();
    tf.dispose(Object.values(v));
  });

  it('minimize leaves out variables whose trainable flag is false (frozen): no update, no weight decay, no state change', async () => {
    const v = vars({ w: [3, -2], f: [1, 1] });
    const opt = new Optimizer(sgd({ lr: 0.25, momentum: 0.9, weightDecay: 0.1 }), v);
    v.f!.trainable = false;
    const loss = await expectNoLeak(() => opt.minimize(() => tf.add(tf.sum(tf.square(v.w!)), tf.sum(tf.square(v.f!))) as tf.Scalar));
    expect((await read(v)).f).toEqual([1, 1]);
    // w - 0.25 * (2w + 0.1 w)
    const w = (await read(v)).w!;
    expect(w[0]).toBeCloseTo(3 - 0.25 * 6.3, 5);
    v.f!.trainable = true;
    (await opt.minimize(() => tf.sum(tf.square(v.f!)) as tf.Scalar)).dispose();
    // no momentum buffer carried from the frozen step: f - 0.25 * (2f + 0.1 f)
    expect((await read(v)).f![0]).toBeCloseTo(1 - 0.25 * 2.1, 5);
    loss.dispose();
    opt.dispose();
    tf.dispose(Object.values(v));
  });

  it('setLrScale sets a group lrScale and lr; refused while a schedule is attached, for unknown groups and bad scales', async () => {
    const v = vars({ w: [1, 2], b: [3] });
    const opt = new Optimizer(sgd({ lr: 0.1 }), v, { groups: [{ name: 'body', params: ['w'], lrScale: 0.01 }] });
    opt.setLrScale(0.5, 'body');
    expect(opt.getLearningRate('body')).toBeCloseTo(0.05, 12);
    expect(opt.paramGroups.find((g) => g.name === 'body')!.lrScale).toBe(0.5);
    // a schedule attached later is scaled by the new lrScale
    opt.setSchedule((t) => 0.2 / (t + 1));
    expect(opt.getLearningRate('body')).toBeCloseTo(0.1, 12);
    expect(() => opt.setLrScale(0.25, 'body')).toThrow('Optimizer.setLrScale: group "body" follows an attached schedule; detach it first (setSchedule(null))');
    opt.setSchedule(null);
    expect(() => opt.setLrScale(0, 'body')).toThrow('Optimizer.setLrScale: scale must be a finite number > 0, got 0');
    expect(() => opt.setLrScale(1, 'head')).toThrow('Optimizer.setLrScale: unknown group "head" (groups: default, body)');
    opt.dispose();
    tf.dispose(Object.values(v));
  });

  it('param groups: own lr and weight decay, frozen, unknown names throw', async () => {
    const v = vars({ 'body.w': [1, 1], 'head.w': [1, 1], 'stem.w': [1] });
    const opt = new Optimizer(sgd({ lr: 0.1 }), v, {
      groups: [
        { name: 'head', params: ['head.w'], lr: 1, weightDecay: 0.5 },
        { name: 'stem', params: (n) => n.startsWith('stem'), frozen: true },
      ],
    });
    expect(opt.groupNames).toEqual(['default', 'head', 'stem']);
    await expectNoLeak(async () => {
      const g = grads({ 'body.w': [1, 2], 'head.w': [1, 2] }); // frozen stem may be left out
      await opt.step(g);
      tf.dispose(Object.values(g));
    });
    const r = await read(v);
    await expectTensorsClose(r['body.w']!, [0.9, 0.8]);
    await expectTensorsClose(r['head.w']!, [1 - 1.5, 1 - 2.5]);
    expect(r['stem.w']).toEqual([1]);
    expect(opt.getLearningRate('head')).toBe(1);
    expect(opt.getLearningRate()).toBe(0.1);
    opt.dispose();
    tf.dispose(Object.values(v));
  });

  it('setLearningRate changes the lr of one group or all, numbers or schedules', async () => {
    const v = vars({ a: [0], b: [0] });
    const opt = new Optimizer(sgd({ lr: 1 }), v, { groups: [{ name: 'b', params: ['b'], lr: 1 }] });
    const g = grads({ a: [1], b: [1] });
    await opt.step(g); // a = -1, b = -1
    opt.setLearningRate(0.5, 'b');
    await opt.step(g); // a = -2, b = -1.5
    opt.setLearningRate((t) => 0.1 * t); // evaluated at the step count: 2 -> 0.2
    await opt.step(g); // a = -2.2, b = -1.7
    const r = await read(v);
    await expectTensorsClose(r.a!, [-2.2]);
    await expectTensorsClose(r.b!, [-1.7]);
    expect(() => opt.setLearningRate(-1)).toThrow(/lr must be >= 0, got -1/);
    expect(() => opt.setLearningRate(0.1, 'nope')).toThrow(/unknown group "nope"/);
    opt.dispose();
    tf.dispose([...Object.values(v), ...Object.values(g)]);
  });

  it('setHyperparams changes betas and weight decay mid-run, and refuses structural changes', async () => {
    const v = vars({ a: [1] });
    const opt = new Optimizer(adam({ lr: 0.1 }), v);
    opt.setHyperparams({ betas: [0.5, 0.9], weightDecay: 0.1 });
    expect(() => opt.setHyperparams({ betas: [1.2, 0.9] })).toThrow('adam: beta1 must be in [0, 1), got 1.2');
    expect(() => opt.setHyperparams({ amsgrad: true })).toThrow(TypeError);
    const g = grads({ a: [0.5] });
    await opt.step(g);
    // first Adam step is lr * sign-ish: (g + wd p) / |g + wd p| (bias-corrected), so a = 1 - 0.1
    await expectTensorsClose((await read(v)).a!, [0.9], { rtol: 1e-6 });
    const sgdOpt = new Optimizer(sgd({ lr: 0.1 }), vars({ b: [0] }));
    expect(() => sgdOpt.setHyperparams({ momentum: 0.9 })).toThrow(/momentum cannot change between 0 and non-zero/);
    sgdOpt.dispose();
    opt.dispose();
    tf.dispose([...Object.values(v), ...Object.values(g)]);
  });

  it('stateDict / loadStateDict resume bit for bit', async () => {
    const g = (i: number) => grads({ a: [Math.sin(i), Math.cos(i)], b: [0.1 * i] });
    const make = () => rmsprop({ lr: 0.01, momentum: 0.9, centered: true, weightDecay: 0.01 });
    const full = vars({ a: [1, 2], b: [3] });
    const optA = new Optimizer(make(), full);
    for (let i = 0; i < 20; i++) {
      const gi = g(i);
      await optA.step(gi);
      tf.dispose(Object.values(gi));
    }
    const half = vars({ a: [1, 2], b: [3] });
    const optB = new Optimizer(make(), half);
    for (let i = 0; i < 10; i++) {
      const gi = g(i);
      await optB.step(gi);
      tf.dispose(Object.values(gi));
    }
    const dict = optB.stateDict();
    // through @dl/core's checkpoint format, as a training loop would save it
    const bytes = await serializeCheckpoint(dict.tensors, { metadata: { optimizer: dict.state, steps: dict.steps } });
    const ckpt = deserializeCheckpoint(bytes);
    const resumed = vars(await read(half));
    const optC = new Optimizer(make(), resumed);
    const loaded = { format: 'dl-optim', version: 1, state: ckpt.metadata.optimizer, steps: ckpt.metadata.steps, skippedSteps: 0, tensors: ckpt.tensors } as OptimizerStateDict;
    expectNoLeak(() => optC.loadStateDict(loaded));
    tf.dispose(Object.values(ckpt.tensors));
    expect(optC.steps).toBe(10);
    for (let i = 10; i < 20; i++) {
      const gi = g(i);
      await optC.step(gi);
      tf.dispose(Object.values(gi));
    }
    expect(await read(resumed)).toEqual(await read(full));
    expect(() => optC.loadStateDict({ ...optC.stateDict(), state: { wrong: 1 } })).toThrow('Optimizer.loadStateDict: state has keys {wrong}, expected {count,hyperparams,inner}');
    for (const o of [optA, optB, optC]) o.dispose();
    tf.dispose([...Object.values(full), ...Object.values(half), ...Object.values(resumed)]);
  });

  it("nonFinite 'skip' leaves everything untouched and counts; 'throw' throws", async () => {
    const v = vars({ a: [1, 2] });
    const opt = new Optimizer(adam({ lr: 0.1 }), v, { nonFinite: 'skip' });
    const bad = grads({ a: [NaN, 1] });
    const good = grads({ a: [1, 1] });
    await expectNoLeak(async () => {
      expect(await opt.step(bad)).toBe(false);
    });
    expect(opt.skippedSteps).toBe(1);
    expect(opt.steps).toBe(0);
    expect((await read(v)).a).toEqual([1, 2]);
    expect(await opt.step(good)).toBe(true);
    await expectTensorsClose((await read(v)).a!, [0.9, 1.9], { rtol: 1e-6 });
    const opt2 = new Optimizer(sgd({ lr: 0.1 }), v, { nonFinite: 'throw' });
    const inf = grads({ a: [1, Infinity] });
    await expect(opt2.step(inf)).rejects.toThrow(NonFiniteGradientError);
    await expectTensorsClose((await read(v)).a!, [0.9, 1.9], { rtol: 1e-6 });
    for (const o of [opt, opt2]) o.dispose();
    tf.dispose([...Object.values(v), ...Object.values(bad), ...Object.values(good), ...Object.values(inf)]);
  });

  it('rejects gradients whose names or shapes do not match, before any tensor is made', async () => {
    const v = vars({ a: [1, 2] });
    const opt = new Optimizer(sgd({ lr: 0.1 }), v);
    const wrongName = grads({ b: [1, 2] });
    const wrongShape = grads({ a: [1, 2, 3] });
    const n = tf.memory().numTensors;
    await expect(opt.step(wrongName)).rejects.toThrow('Optimizer.step: gradients do not match the parameters: unexpected "b" (parameters: "a")');
    await expect(opt.step(wrongShape)).rejects.toThrow('Optimizer.step: gradients "a" has shape [3], the parameter has [2]');
    expect(tf.memory().numTensors).toBe(n);
    opt.dispose();
    tf.dispose([...Object.values(v), ...Object.values(wrongName), ...Object.values(wrongShape)]);
  });

  it('works with any transformation (chain), and throws when used after dispose', async () => {
    const v = vars({ a: [1] });
    const opt = new Optimizer(chain(trace({ momentum: 0.5 }), scaleByLearningRate(0.1)), v);
    const g = grads({ a: [1] });
    await opt.step(g);
    await opt.step(g);
    await expectTensorsClose((await read(v)).a!, [1 - 0.1 - 0.15]);
    expect(() => opt.setLearningRate(0.2)).toThrow(/injectHyperparams/);
    opt.dispose();
    await expect(opt.step(g)).rejects.toThrow('Optimizer: used after dispose()');
    tf.dispose([...Object.values(v), ...Object.values(g)]);
  });
});

describeBackends('Optimizer.asLayersOptimizer', () => {
  const model = () => {
    const m = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [3], kernelInitializer: 'ones', biasInitializer: 'zeros' })] });
    return m;
  };

  it('trains a real LayersModel through model.compile({optimizer}) like tf.train.sgd', async () => {
    const x = tf.tensor2d([[1, 2, 3], [0.5, -1, 2]]);
    const y = tf.tensor2d([[1, 0], [0, 1]]);
    const ours = model();
    const opt = new Optimizer(sgd({ lr: 0.1, momentum: 0.9 }), ours.trainableWeights.map((w) => w.read() as tf.Variable));
    ours.compile({ optimizer: opt.asLayersOptimizer(), loss: 'meanSquaredError' });
    const reference = model();
    reference.compile({ optimizer: tf.train.momentum(0.1, 0.9), loss: 'meanSquaredError' });
    for (let i = 0; i < 3; i++) {
      await ours.trainOnBatch(x, y);
      await reference.trainOnBatch(x, y);
    }
    // tf.train.momentum is PyTorch's momentum form (buf = m buf + g; p -= lr buf) with a zero buffer.
    const a = ours.getWeights();
    const b = reference.getWeights();
    for (let i = 0; i < a.length; i++) await expectTensorsClose(a[i]!, b[i]!);
    expect(opt.steps).toBe(3);
    opt.dispose();
    ours.dispose();
    reference.optimizer.dispose();
    reference.dispose();
    tf.dispose([x, y]);
  });

  it("refuses a non-finite policy other than 'none' (layers steps synchronously)", () => {
    const v = vars({ a: [1] });
    const opt = new Optimizer(sgd(), v, { nonFinite: 'skip' });
    expect(() => opt.asLayersOptimizer()).toThrow(/needs nonFinite 'none'/);
    opt.dispose();
    tf.dispose(Object.values(v));
  });
});

describeBackends('README', () => {
  it('the first example: adamw minimize', async () => {
    const w = tf.tidy(() => tf.variable(tf.ones([3, 2])));
    const opt = new Optimizer(adamw({ lr: 1e-3, weightDecay: 1e-2 }), { w });
    const loss = await opt.minimize(() => tf.sum(tf.square(w)) as tf.Scalar);
    expect(await loss.data()).toEqual(new Float32Array([6]));
    // first AdamW step: 1 - lr * (1 + wd)
    await expectTensorsClose(await w.data(), new Array(6).fill(1 - 1e-3 * 1.01), { rtol: 1e-6 });
    tf.dispose([loss, w]);
    opt.dispose();
  });

  it('the param-group example', async () => {
    const model = vars({ 'backbone.kernel': [1], 'head.kernel': [1], 'stem.kernel': [1] });
    const opt = new Optimizer(sgd({ lr: 0.1, momentum: 0.9 }), model, {
      groups: [
        { name: 'backbone', params: (n) => n.startsWith('backbone.'), lr: 0.01 }, // pretrained: smaller lr
        { name: 'stem', params: ['stem.kernel'], frozen: true },
      ],
    });
    const g = grads({ 'backbone.kernel': [1], 'head.kernel': [1] });
    await opt.step(g);
    expect(await read(model)).toEqual({ 'backbone.kernel': [Math.fround(0.99)], 'head.kernel': [Math.fround(0.9)], 'stem.kernel': [1] });
    opt.dispose();
    tf.dispose([...Object.values(model), ...Object.values(g)]);
  });
});

describe('Optimizer options', () => {
  it('throws clear errors before any tensor is made', () => {
    const n = tf.memory().numTensors;
    const v = {} as Record<string, tf.Variable>;
    expect(() => new Optimizer({} as GradientTransformation, v)).toThrow(TypeError);
    expect(() => new Optimizer(sgd(), v, { nonFinite: 'maybe' as 'skip' })).toThrow("Optimizer: nonFinite must be one of none, skip, throw, got maybe");
    expect(() => new Optimizer(sgd(), v, { groups: [{ params: ['nope'] }] })).toThrow('Optimizer: group "group0" names unknown parameters "nope"');
    expect(() => new Optimizer(chain(scaleByLearningRate(1)), v, { groups: [{ params: [], lr: 0.1 }] })).toThrow(/needs an optimizer from @dl\/optim/);
    expect(() => new Optimizer(sgd(), v, { groups: [{ params: [], lr: -1 }] })).toThrow('Optimizer: group "group0": lr must be >= 0, got -1');
    expect(tf.memory().numTensors).toBe(n);
  });
});
