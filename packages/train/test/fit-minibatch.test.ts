import { expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { dense, relu, sequential } from '@dl/layers';
import { Optimizer, sgd } from '@dl/optim';
import { stepDecay } from '@dl/schedulers';
import { fit } from '../src/index.js';
import type { Callback } from '../src/index.js';
import fx from './fixtures/fit-minibatch.json';

// scripts/fixtures/train/gen_fit_minibatch.py: PyTorch 1.13's mini-batch loop, not shuffled, batches
// of 8 with a partial last batch (or dropLast), class weights, two param groups, SGD momentum +
// weight decay, StepLR per epoch; plus gradient accumulation and clip_grad_norm_ cases.
type Case = {
  options: Record<string, unknown>;
  lrs: { default: number[]; group0: number[] };
  losses: number[];
  accuracies: number[];
  valLosses: number[];
  valAccuracy: number[];
  epochWeights: Record<string, number[]>[];
  final: Record<string, number[]>;
};
const cases = fx.cases as unknown as Record<string, Case>;
const named = (w: Record<string, unknown>) => tf.tidy(() => Object.fromEntries(Object.entries(w).map(([k, v]) => [k, tf.tensor(v as number[])])));

describeBackends('fit on mini-batches against PyTorch', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: losses, rates per group and step, weights per epoch`, async () => {
      const model = sequential(dense(4, 8), relu, dense(8, 3));
      const init = named(fx.init);
      model.loadStateDict(init);
      tf.dispose(Object.values(init));
      const optimizer = new Optimizer(sgd({ lr: 0.1, momentum: 0.9, weightDecay: 1e-3 }), model.parameters(), { groups: [{ params: ['0.kernel', '0.bias'], lr: 0.02 }] });
      const [x, y, xv, yv] = tf.tidy(() => [tf.tensor2d(fx.x), tf.tensor1d(fx.y, 'int32'), tf.tensor2d(fx.xv), tf.tensor1d(fx.yv, 'int32')]);
      const lrs = { default: [] as number[], group0: [] as number[] };
      const epochWeights: Record<string, { values: number[]; shape: number[] }>[] = [];
      let steps = 0;
      const record: Callback = {
        onBatchEnd(ctx, log) {
          // a per-epoch schedule holds within the epoch: the rate after a step is the one it used
          for (; steps < log.step; steps++) for (const g of ['default', 'group0'] as const) lrs[g].push(ctx.optimizer.getLearningRate(g));
        },
        async onEpochEnd(ctx) {
          const w = ctx.weights();
          epochWeights.push(Object.fromEntries(await Promise.all(Object.entries(w).map(async ([k, t]) => [k, { values: Array.from(await t.data()), shape: t.shape }] as const))));
          tf.dispose(Object.values(w));
        },
      };
      const r = await expectNoLeak(() =>
        fit({
          model, optimizer, data: { x: x!, y: y! }, validation: { x: xv!, y: yv! }, batchSize: fx.batchSize, shuffle: false, epochs: fx.epochs,
          classWeights: fx.classWeights, schedule: { schedule: stepDecay({ lr: 0.1, stepSize: 2, gamma: 0.5 }), per: 'epoch' }, logEvery: 1,
          callbacks: [record], ...(c.options as object),
        }),
      );
      const tol = { rtol: 1e-5, atol: 1e-6 };
      await expectTensorsClose(r.history.epochs.map((e) => e.loss), c.losses, { ...tol, message: 'epoch losses' });
      await expectTensorsClose(r.history.epochs.map((e) => e.accuracy), c.accuracies, { rtol: 1e-6, atol: 0, message: 'accuracies' });
      await expectTensorsClose(r.history.epochs.map((e) => e.valLoss!), c.valLosses, { ...tol, message: 'validation losses' });
      await expectTensorsClose(r.history.epochs.map((e) => e.valAccuracy!), c.valAccuracy, { rtol: 1e-6, atol: 0, message: 'validation accuracy' });
      expect(lrs.default.length).toBe(c.lrs.default.length);
      await expectTensorsClose(lrs.default, c.lrs.default, { rtol: 1e-12, atol: 0, message: 'default group lr per step' });
      await expectTensorsClose(lrs.group0, c.lrs.group0, { rtol: 1e-12, atol: 0, message: 'group0 lr per step' });
      await expectTensorsClose(r.history.lr, c.lrs.default, { rtol: 1e-12, atol: 0, message: 'history.lr' });
      for (let e = 0; e < c.epochWeights.length; e++) {
        const want = named(c.epochWeights[e]!);
        const got = tf.tidy(() => Object.fromEntries(Object.entries(epochWeights[e]!).map(([k, v]) => [k, tf.tensor(v.values, v.shape)])));
        await expectTensorsClose(got, want, { ...tol, message: `weights after epoch ${e + 1}` });
        tf.dispose(Object.values(got));
        tf.dispose(Object.values(want));
      }
      const final = model.stateDict();
      const want = named(c.final);
      await expectTensorsClose(final, want, { ...tol, message: 'final weights' });
      tf.dispose([...Object.values(final), ...Object.values(want), x!, y!, xv!, yv!]);
      model.dispose();
      optimizer.dispose();
    });
  }
});
