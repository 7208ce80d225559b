import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { batchNorm1d, dense, relu, sequential } from '@dl/layers';
import type { BatchNorm, Module } from '@dl/layers';
import { Optimizer, adamw, sgd } from '@dl/optim';
import { fit } from '@dl/train';
import type { Callback } from '@dl/train';
import { freeze, trainableParameters, unfreeze } from '../src/index.js';
import type { BnPolicy } from '../src/index.js';
import frozenFx from './fixtures/frozen.json';
import bnFx from './fixtures/bn-policy.json';
import { TOL, bnMlp, bnPolicyCnn, expectState, loadState, smallCnn, snapshots } from './support.js';

const flags = (m: Module) => Object.fromEntries(Object.entries(m.parameters()).map(([n, v]) => [n, v.trainable]));

describe('freeze / unfreeze', () => {
  it('sets trainable per policy and forceEval on the selected batch norms; unfreeze restores; idempotent', () => {
    const m = smallCnn();
    const bn1 = m.layers[1] as BatchNorm;
    const bn5 = m.layers[5] as BatchNorm;
    expect(freeze(m, 2)).toEqual(['0.kernel', '0.bias', '1.gamma', '1.beta']);
    expect(bn1.forceEval).toBe(false);
    expect(Object.keys(trainableParameters(m))).toEqual(['4.kernel', '4.bias', '5.gamma', '5.beta', '10.kernel', '10.bias', '13.kernel', '13.bias']);
    expect(freeze(m, ['0', '1', '4', '5'], { bnPolicy: 'train' })).toEqual(['0.kernel', '0.bias', '4.kernel', '4.bias']);
    expect(flags(m)['1.gamma']).toBe(true);
    expect(flags(m)['5.beta']).toBe(true);
    freeze(m, 6, { bnPolicy: 'eval' });
    expect(bn1.forceEval && bn5.forceEval).toBe(true);
    freeze(m, 6, { bnPolicy: 'eval' }); // again: the same
    expect(Object.keys(trainableParameters(m))).toEqual(['10.kernel', '10.bias', '13.kernel', '13.bias']);
    expect(unfreeze(m, '5')).toEqual(['5.gamma', '5.beta']);
    expect(bn5.forceEval).toBe(false);
    expect(bn1.forceEval).toBe(true);
    unfreeze(m);
    expect(Object.values(flags(m)).every(Boolean)).toBe(true);
    expect(bn1.forceEval).toBe(false);
    m.dispose();
  });

  it('bad input throws before anything changes (flags, forceEval, weights, tensors)', () => {
    const m = smallCnn();
    freeze(m, 2, { bnPolicy: 'eval' });
    const before = flags(m);
    expectNoLeak(() => {
      expect(() => freeze(m, 6, { bnPolicy: 'frozen' as BnPolicy })).toThrow("freeze: bnPolicy must be one of 'train', 'frozen-affine', 'eval', got 'frozen'");
      expect(() => freeze(m, ['4', '5', 'conv3'])).toThrow(/freeze: no layer or parameter named 'conv3'; the closest are/);
      expect(() => freeze(m, 15)).toThrow('freeze: a depth must be an integer in [1, 14]');
      expect(() => freeze(m, 2, { policy: 'eval' } as never)).toThrow("freeze: unknown option 'policy' (allowed: bnPolicy)");
      expect(() => unfreeze(m, 'head')).toThrow(/unfreeze: no layer or parameter named 'head'/);
    });
    expect(flags(m)).toEqual(before);
    expect((m.layers[1] as BatchNorm).forceEval).toBe(true);
    expect((m.layers[5] as BatchNorm).forceEval).toBe(false);
    const noStats = sequential(dense(2, 3, { seed: 0 }), batchNorm1d(3, { trackRunningStats: false }), relu, dense(3, 2, { seed: 1 }));
    expect(() => freeze(noStats, 2, { bnPolicy: 'eval' })).toThrow("freeze: bnPolicy 'eval' needs running statistics, and the batch norm '1' has none (trackRunningStats: false)");
    expect(Object.values(flags(noStats)).every(Boolean)).toBe(true);
    m.dispose();
    noStats.dispose();
  });
});

type FrozenCase = { losses: number[]; params: Record<string, number[][]>[]; withState: string[][] };
const fc = frozenFx.cases as unknown as Record<string, FrozenCase>;

describeBackends('frozen parameters against PyTorch (requires_grad=False beside trained ones)', () => {
  const mlp = () => {
    const m = sequential(dense(4, 5, { seed: 0 }), relu, dense(5, 3, { seed: 1 }));
    loadState(m, frozenFx.init);
    return m;
  };
  const data = () => ({ x: tf.tensor2d(frozenFx.x), y: tf.tensor1d(frozenFx.y, 'int32') });

  /** freezes child 0 at the 1-based epochs in `frozenAt`, unfreezes it otherwise */
  const schedule = (frozenAt: number[]): Callback => ({
    onEpochBegin(ctx, epoch) {
      if (frozenAt.includes(epoch)) freeze(ctx.model as Module, '0');
      else unfreeze(ctx.model as Module, '0');
    },
  });

  const check = async (m: Module, c: FrozenCase, states: Record<string, tf.Tensor>[], losses: number[], before?: number) => {
    await expectTensorsClose(losses, c.losses, { ...TOL, message: 'losses' });
    for (let t = 0; t < c.params.length; t++) {
      for (const [k, v] of Object.entries(c.params[t]!)) await expectTensorsClose(states[t]![k]!, v as never, { ...TOL, message: `step ${t} ${k}` });
    }
    tf.dispose(states.flatMap((s) => Object.values(s)));
    // nothing left by the run but the snapshots just freed (optimizer state is replaced in place)
    if (before !== undefined) expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  };

  for (const [name, make, frozenAt] of [
    ['sgd_frozen_from_start', () => sgd({ lr: 0.1, momentum: 0.9, weightDecay: 1e-2 }), [1, 2, 3, 4, 5, 6]],
    ['sgd_freeze_mid', () => sgd({ lr: 0.1, momentum: 0.9, weightDecay: 1e-2 }), [3, 4]],
    ['adamw_freeze_mid', () => adamw({ lr: 1e-2, weightDecay: 0.05 }), [3, 4]],
  ] as const) {
    it(`${name}: no update, no weight decay, state kept through the freeze`, async () => {
      const m = mlp();
      const d = data();
      const opt = new Optimizer(make(), m.parameters());
      const snap = snapshots();
      const before = tf.memory().numTensors;
      const r = await fit({ model: m, optimizer: opt, data: d, epochs: frozenFx.steps, batchSize: 8, shuffle: false, callbacks: [schedule([...frozenAt]), snap.callback] });
      await check(m, fc[name]!, snap.states, r.history.epochs.map((e) => e.loss), before);
      opt.dispose();
      tf.dispose([d.x, d.y]);
    });
  }

  it('sgd_add_param_group: a frozen block holds no optimizer state until it is unfrozen and added (lr 0.01)', async () => {
    const m = mlp();
    const d = data();
    freeze(m, '0');
    const opt = new Optimizer(sgd({ lr: 0.1, momentum: 0.9, weightDecay: 1e-2 }), trainableParameters(m));
    const inOptimizer: string[][] = [];
    const join: Callback = {
      onEpochBegin(ctx, epoch) {
        if (epoch === 4) {
          unfreeze(m, '0');
          ctx.optimizer.addParamGroup({ name: 'body', params: { '0.kernel': m.parameters()['0.kernel']!, '0.bias': m.parameters()['0.bias']! }, lr: 0.01 });
        }
      },
      onEpochEnd: (ctx) => void inOptimizer.push(Object.keys(ctx.optimizer.variables).sort()),
    };
    const snap = snapshots();
    const r = await fit({ model: m, optimizer: opt, data: d, epochs: frozenFx.steps, batchSize: 8, shuffle: false, callbacks: [join, snap.callback] });
    // PyTorch's optimizer state per step, in our names
    const torchNames = fc.sgd_add_param_group!.withState.map((s) => s.map((n) => n.replace('weight', 'kernel')).sort());
    expect(inOptimizer).toEqual(torchNames);
    await check(m, fc.sgd_add_param_group!, snap.states, r.history.epochs.map((e) => e.loss));
    opt.dispose();
    tf.dispose([d.x, d.y]);
  });
});

type BnCase = { losses: number[]; states: Record<string, unknown>[]; evalOut: number[][] };
const bc = bnFx.cases as unknown as Record<BnPolicy, BnCase>;

describeBackends('batch-norm policies of a frozen block against PyTorch', () => {
  for (const policy of ['train', 'frozen-affine', 'eval'] as const) {
    it(`'${policy}': parameters, running statistics per step and eval outputs`, async () => {
      const m = bnPolicyCnn();
      loadState(m, bnFx.init);
      const x = tf.tensor4d(bnFx.x as number[][][][]);
      const y = tf.tensor1d(bnFx.y, 'int32');
      const xe = tf.tensor4d(bnFx.xe as number[][][][]);
      freeze(m, policy === 'eval' ? 2 : ['0', '1'], { bnPolicy: policy });
      // the optimizer over every parameter, as PyTorch's SGD(model.parameters()): frozen ones get no gradient
      const opt = new Optimizer(sgd({ lr: 0.1, momentum: 0.9, weightDecay: 1e-3 }), m.parameters());
      const states: Record<string, tf.Tensor>[] = [];
      const c = bc[policy];
      const before = tf.memory().numTensors;
      const r = await fit({ model: m, optimizer: opt, data: { x, y }, epochs: bnFx.steps, batchSize: 6, shuffle: false, callbacks: [{ onEpochEnd: () => void states.push(m.stateDict()) }] });
      await expectTensorsClose(r.history.epochs.map((e) => e.loss), c.losses, { ...TOL, message: 'losses' });
      for (let t = 0; t < c.states.length; t++) {
        for (const [k, v] of Object.entries(c.states[t]!)) {
          if (typeof v === 'number') expect(Array.from(await states[t]![k]!.data()), `step ${t} ${k}`).toEqual([v]); // numBatchesTracked
          else await expectTensorsClose(states[t]![k]!, v as never, { ...TOL, message: `step ${t} ${k}` });
        }
      }
      const out = m.apply(xe, { training: false });
      await expectTensorsClose(out, c.evalOut, { ...TOL, message: 'eval outputs' });
      tf.dispose([out, ...states.flatMap((s) => Object.values(s))]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, y, xe]);
      opt.dispose();
      m.dispose();
    });
  }

  it('the three policies differ where they should (the fixtures are not all alike)', () => {
    const bn1 = (p: BnPolicy) => bc[p].states.at(-1)! as Record<string, number[]>;
    expect(bn1('train')['1.gamma']).not.toEqual(bnFx.init['1.gamma']);
    expect(bn1('frozen-affine')['1.gamma']).toEqual(bnFx.init['1.gamma']);
    expect(bn1('frozen-affine')['1.runningMean']).not.toEqual(bnFx.init['1.runningMean']);
    expect(bn1('eval')['1.runningMean']).toEqual(bnFx.init['1.runningMean']);
  });
});

void bnMlp;
void expectState;
