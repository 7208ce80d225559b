import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { expectTensorsClose } from '@dl/core/testing';
import type { Module } from '@dl/layers';
import { oneCycle } from '@dl/schedulers';
import type { Callback } from '@dl/train';
import { fineTune } from '../src/index.js';
import { images, smallCnn } from './support.js';

describe('fineTune (fastai fine_tune)', () => {
  it('phase 1: head at one-cycle(baseLr, pct 0.99, div 25), backbone BN at 1/10, the rest unchanged; phase 2: baseLr/2, backbone /lrMult; beta1 cycles 0.95-0.85-0.95; one optimizer', async () => {
    const m = smallCnn();
    const data = images(24);
    const initial = m.stateDict();
    let afterPhase1: Record<string, tf.Tensor> | undefined;
    const ratios: Record<string, number>[] = [];
    const betas: number[] = [];
    const watch: Callback = {
      onBatchEnd(ctx) {
        const o = ctx.optimizer;
        const head = o.getLearningRate('head');
        ratios.push(Object.fromEntries(o.groupNames.map((g) => [g, o.getLearningRate(g) / head])));
        betas.push((o.paramGroups[0]!.hyperparams.betas as number[])[0]!);
      },
      onTrainEnd(ctx) {
        afterPhase1 ??= (ctx.model as Module).stateDict();
      },
    };
    const r = await fineTune({ model: m, data, epochs: 2, freezeEpochs: 1, batchSize: 8, rng: 0, baseLr: 1e-2, callbacks: [watch] });
    const o = r.optimizer;
    expect(o.groupNames).toEqual(['head', 'head_no_decay', 'block_0_bn_no_decay', 'block_0', 'block_0_no_decay']);
    // phase 1: 3 steps, the head's one-cycle (history.lr is the first group's, the head's)
    const p1 = oneCycle({ maxLr: 1e-2, totalSteps: 3, pctStart: 0.99, divFactor: 25, finalDivFactor: 1e5 / 25 });
    await expectTensorsClose(r.frozen!.history.lr, [0, 1, 2].map((t) => p1(t)), { rtol: 1e-12, atol: 0 });
    const p2 = oneCycle({ maxLr: 5e-3, totalSteps: 6, pctStart: 0.3, divFactor: 5, finalDivFactor: 1e5 / 5 });
    await expectTensorsClose(r.unfrozen.history.lr, [0, 1, 2, 3, 4, 5].map((t) => p2(t)), { rtol: 1e-12, atol: 0 });
    for (const x of ratios.slice(0, 2)) expect(x.block_0_bn_no_decay).toBeCloseTo(0.1, 12);
    for (const x of ratios.slice(3, 8)) {
      expect(x.block_0_bn_no_decay).toBeCloseTo(0.01, 12);
      expect(x.block_0).toBeCloseTo(0.01, 12);
      expect(x.head_no_decay).toBeCloseTo(1, 12);
    }
    expect(betas[0]).toBeGreaterThan(0.85);
    expect(Math.min(...betas)).toBeCloseTo(0.85, 2);
    // no weight decay on 1-D parameters; fastai's Adam elsewhere
    const wd = Object.fromEntries(o.paramGroups.map((g) => [g.name, g.hyperparams.weightDecay]));
    expect(wd).toEqual({ head: 0.01, head_no_decay: 0, block_0_bn_no_decay: 0, block_0: 0.01, block_0_no_decay: 0 });
    expect(o.paramGroups[0]!.hyperparams.eps).toBe(1e-5);
    // phase 1 left the backbone's convolutions alone, trained its batch norms (trainBn) and the head
    const same = async (k: string, want: boolean) => {
      const d = Math.max(...(await tf.abs(tf.sub(afterPhase1![k]!, initial[k]!)).data()));
      expect(d === 0, k).toBe(want);
    };
    await same('0.kernel', true);
    await same('4.bias', true);
    await same('1.gamma', false);
    await same('13.kernel', false);
    // and everything trains in phase 2
    const final = m.stateDict();
    expect(Math.max(...(await tf.abs(tf.sub(final['0.kernel']!, afterPhase1!['0.kernel']!)).data()))).toBeGreaterThan(0);
    expect(Object.values(m.parameters()).every((v) => v.trainable)).toBe(true);
    tf.dispose([...Object.values(initial), ...Object.values(afterPhase1!), ...Object.values(final), data.x, data.y]);
    o.dispose();
    m.dispose();
  });

  it("trainBn false with bnPolicy 'eval': the backbone's batch norms hold their running statistics in phase 1", async () => {
    const m = smallCnn();
    const data = images(16);
    const before = Array.from(await m.buffers()['1.runningMean']!.data());
    let during: number[] = [];
    const r = await fineTune({
      model: m, data, epochs: 1, batchSize: 8, rng: 0, trainBn: false, bnPolicy: 'eval',
      callbacks: [{ async onTrainEnd() { if (during.length === 0) during = Array.from(await m.buffers()['1.runningMean']!.data()); } }],
    });
    expect(during).toEqual(before);
    expect(r.optimizer.groupNames).toEqual(['head', 'head_no_decay', 'block_0', 'block_0_no_decay']);
    r.optimizer.dispose();
    tf.dispose([data.x, data.y]);
    m.dispose();
  });

  it('bad options throw before anything changes (flags, tensors)', async () => {
    const m = smallCnn();
    const data = images(8);
    const before = tf.memory().numTensors;
    const bad = (o: Record<string, unknown>) => fineTune({ model: m, data, epochs: 1, ...o } as never);
    await expect(bad({ epochs: 0 })).rejects.toThrow('fineTune: epochs must be an integer in [1, Infinity], got 0');
    await expect(bad({ baseLr: -1 })).rejects.toThrow('fineTune: baseLr must be a finite number > 0, got -1');
    await expect(bad({ bnPolicy: 'eval' })).rejects.toThrow("fineTune: bnPolicy applies with trainBn: false (trainBn: true is bnPolicy 'train')");
    await expect(bad({ trainBn: false, bnPolicy: 'frozen' })).rejects.toThrow("fineTune: bnPolicy must be one of 'train', 'frozen-affine', 'eval', got 'frozen'");
    await expect(bad({ schedule: () => 1 })).rejects.toThrow("fineTune: 'schedule' is set by fineTune (one-cycle per phase, one optimizer)");
    await expect(bad({ moms: [0.95, 0.85] })).rejects.toThrow(/fineTune: moms must be \[start, middle, end\]/);
    // an error from fit itself (a bad fit option) puts the flags back and frees the optimizer
    await expect(bad({ batchSize: 0 })).rejects.toThrow(/fit: batchSize/);
    expect(Object.values(m.parameters()).every((v) => v.trainable)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([data.x, data.y]);
    m.dispose();
  });
});
