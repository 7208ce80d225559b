import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import type { Module } from '@dl/layers';
import { Optimizer, sgd } from '@dl/optim';
import { checkpoint, fit, memoryStore } from '@dl/train';
import type { Callback } from '@dl/train';
import { backboneFinetuning, freeze, gradualUnfreezing, parameterBlocks, trainableParameters } from '../src/index.js';
import { images, smallCnn } from './support.js';

const trainableBlocks = (m: Module) => parameterBlocks(m).map((b) => b.every((n) => m.parameters()[n]!.trainable));

describe('gradualUnfreezing (ULMFiT)', () => {
  it('one block more per epoch from the top, each at lr / 2.6^depth', async () => {
    const m = smallCnn();
    const data = images(16);
    freeze(m, 13);
    const opt = new Optimizer(sgd({ lr: 0.1, momentum: 0.9 }), trainableParameters(m));
    const seen: boolean[][] = [];
    const scales: Record<string, number>[] = [];
    const watch: Callback = {
      onEpochEnd(ctx) {
        seen.push(trainableBlocks(m));
        scales.push(Object.fromEntries(ctx.optimizer.paramGroups.map((g) => [g.name, g.lrScale])));
      },
    };
    await fit({ model: m, optimizer: opt, data, epochs: 5, batchSize: 8, rng: 0, callbacks: [gradualUnfreezing(), watch] });
    expect(seen).toEqual([
      [false, false, false, true],
      [false, false, true, true],
      [false, true, true, true],
      [true, true, true, true],
      [true, true, true, true],
    ]);
    expect(scales.at(-1)!.block_2).toBeCloseTo(1 / 2.6, 12);
    expect(scales.at(-1)!.block_1).toBeCloseTo(1 / 2.6 ** 2, 12);
    expect(scales.at(-1)!.block_0).toBeCloseTo(1 / 2.6 ** 3, 12);
    opt.dispose();
    tf.dispose([data.x, data.y]);
    m.dispose();
  });

  it('refuses an optimizer holding frozen parameters (build it from trainableParameters after freeze)', async () => {
    const m = smallCnn();
    const data = images(8);
    freeze(m, 13);
    const opt = new Optimizer(sgd({ lr: 0.1 }), m.parameters());
    await expect(fit({ model: m, optimizer: opt, data, epochs: 1, batchSize: 8, callbacks: [gradualUnfreezing()] })).rejects.toThrow(
      /gradualUnfreezing: the optimizer holds frozen parameters \('0.kernel', '0.bias', '1.gamma'\); build it from trainableParameters\(model\) after freeze/,
    );
    expect(() => gradualUnfreezing({ every: 0 })).toThrow('gradualUnfreezing: every must be an integer in [1, Infinity], got 0');
    opt.dispose();
    tf.dispose([data.x, data.y]);
    m.dispose();
  });

  it('a resumed run re-adds the unfrozen blocks through onResume and continues exactly', async () => {
    const data = images(16);
    const make = () => {
      const m = smallCnn();
      freeze(m, 13);
      return { model: m, optimizer: new Optimizer(sgd({ lr: 0.05, momentum: 0.9 }), trainableParameters(m)) };
    };
    const full = make();
    await fit({ ...full, data, epochs: 4, batchSize: 8, rng: 1, callbacks: [gradualUnfreezing()] });
    const part = make();
    const store = memoryStore();
    await fit({ ...part, data, epochs: 2, batchSize: 8, rng: 1, callbacks: [gradualUnfreezing(), checkpoint({ store })] });
    const resumed = make();
    await fit({ ...resumed, data, epochs: 4, batchSize: 8, rng: 1, callbacks: [gradualUnfreezing()], resume: await store.load('last') });
    expect(resumed.optimizer.groupNames).toEqual(full.optimizer.groupNames);
    const [a, b] = [resumed.model.stateDict(), full.model.stateDict()];
    for (const k of Object.keys(a)) expect(Array.from(await a[k]!.data()), k).toEqual(Array.from(await b[k]!.data()));
    tf.dispose([...Object.values(a), ...Object.values(b), data.x, data.y]);
    for (const r of [full, part, resumed]) (r.model.dispose(), r.optimizer.dispose());
  });
});

describe('backboneFinetuning (Lightning BackboneFinetuning)', () => {
  it("Lightning's backbone rates for a constant head lr 1e-2, unfreeze at epoch 2: 1e-3, 2e-3, 4e-3, 8e-3, 1e-2, 1e-2", async () => {
    const m = smallCnn();
    const data = images(8);
    freeze(m, 12, { bnPolicy: 'train' }); // Lightning's train_bn=True: batch norms stay in the first optimizer
    const opt = new Optimizer(sgd({ lr: 1e-2, momentum: 0.9 }), trainableParameters(m));
    const lrs: number[] = [];
    const watch: Callback = { onEpochEnd: (ctx) => void lrs.push(ctx.optimizer.groupNames.includes('backbone') ? ctx.optimizer.getLearningRate('backbone') : Number.NaN) };
    await fit({ model: m, optimizer: opt, data, epochs: 8, batchSize: 8, rng: 0, callbacks: [backboneFinetuning({ unfreezeAtEpoch: 2 }), watch] });
    expect(lrs.slice(0, 2)).toEqual([Number.NaN, Number.NaN]);
    const want = [1e-3, 2e-3, 4e-3, 8e-3, 1e-2, 1e-2];
    lrs.slice(2).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 15));
    // the batch norms were already optimised: not in the backbone group (Lightning's filter_on_optimizer)
    const backbone = opt.paramGroups.find((g) => g.name === 'backbone')!;
    expect(backbone.params).not.toContain('1.gamma');
    expect(backbone.params).toContain('0.kernel');
    expect(() => backboneFinetuning({ initialRatio: 0 })).toThrow('backboneFinetuning: initialRatio must be a finite number > 0, got 0');
    opt.dispose();
    tf.dispose([data.x, data.y]);
    m.dispose();
  });
});
