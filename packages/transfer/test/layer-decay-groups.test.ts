import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { softmaxCrossEntropy } from '@dl/layers';
import { Optimizer, adamw, sgd } from '@dl/optim';
import { cosineAnnealing } from '@dl/schedulers';
import { freeze, layerDecayGroups, trainableParameters } from '../src/index.js';
import fx from './fixtures/layer-decay.json';
import { TOL, bnMlp, decayMlp, loadState } from './support.js';

type Case = { optimizer: 'adamw' | 'sgd'; lr: number; etaMin: number; lrs: number[][]; losses: number[]; states: Record<string, unknown>[] };

describe('layerDecayGroups', () => {
  it("timm's table: names, members, lrScale = 0.75 ** (L - 1 - i), weight decay 0 on 1-D parameters", () => {
    const m = decayMlp();
    const groups = layerDecayGroups(m);
    expect(groups.map((g) => g.name)).toEqual(fx.groups.map((g) => g.name));
    groups.forEach((g, i) => {
      const want = fx.groups[i]!;
      expect(g.params).toEqual(want.params);
      expect(g.lrScale).toBeCloseTo(want.lrScale, 15);
      expect(g.weightDecay).toBe(want.weightDecay);
    });
    m.dispose();
  });

  it('minScale, noWeightDecay, frozen parameters left out, errors before anything', () => {
    const m = bnMlp();
    expect(layerDecayGroups(m, { layerDecay: 0.1, minScale: 0.05 }).map((g) => g.lrScale)).toEqual([0.05, 0.05, 0.1, 0.1, 1, 1]);
    const nwd = layerDecayGroups(m, { noWeightDecay: '3.kernel' });
    expect(nwd.find((g) => g.name === 'layer_1_no_decay')!.params).toEqual(['3.kernel', '3.bias']);
    expect(nwd.find((g) => g.name === 'layer_1_decay')).toBeUndefined();
    freeze(m, 2);
    expect(layerDecayGroups(m).map((g) => g.name)).toEqual(['layer_1_decay', 'layer_1_no_decay', 'layer_2_decay', 'layer_2_no_decay']);
    expectNoLeak(() => {
      expect(() => layerDecayGroups(m, { layerDecay: 1.5 })).toThrow('layerDecayGroups: layerDecay must be in (0, 1], got 1.5');
      expect(() => layerDecayGroups(m, { layerDecay: 0 })).toThrow('layerDecayGroups: layerDecay must be in (0, 1], got 0');
      expect(() => layerDecayGroups(m, { decay: 0.5 } as never)).toThrow("layerDecayGroups: unknown option 'decay'");
      expect(() => layerDecayGroups(m, { noWeightDecay: 'bais' })).toThrow(/no layer or parameter named 'bais'/);
    });
    freeze(m);
    expect(() => layerDecayGroups(m)).toThrow('layerDecayGroups: every parameter is frozen');
    m.dispose();
  });
});

describeBackends("layer decay through a cosine schedule against PyTorch (timm's groups, CosineAnnealingLR)", () => {
  for (const [name, c] of Object.entries(fx.cases as unknown as Record<string, Case>)) {
    it(`${name}: every group's lr per step and the parameters`, async () => {
      const m = decayMlp();
      loadState(m, fx.init);
      const x = tf.tensor2d(fx.x);
      const y = tf.tensor1d(fx.y, 'int32');
      const transform = c.optimizer === 'adamw' ? adamw({ lr: c.lr }) : sgd({ lr: c.lr, momentum: 0.9 });
      const opt = new Optimizer(transform, trainableParameters(m), { groups: layerDecayGroups(m) });
      opt.setSchedule(cosineAnnealing({ lr: c.lr, tMax: fx.tMax, etaMin: c.etaMin }));
      const before = tf.memory().numTensors;
      for (let t = 0; t < fx.steps; t++) {
        await expectTensorsClose(opt.groupNames.map((g) => opt.getLearningRate(g)), c.lrs[t]!, { rtol: 1e-12, atol: 0, message: `lrs before step ${t}` });
        const loss = await opt.minimize(() => softmaxCrossEntropy(m.apply(x, { training: true }), y) as tf.Scalar);
        await expectTensorsClose(Array.from(await loss.data()), [c.losses[t]!], { ...TOL, message: `loss ${t}` });
        loss.dispose();
        for (const [k, v] of Object.entries(c.states[t]!)) {
          if (typeof v === 'number') continue; // numBatchesTracked
          await expectTensorsClose(({ ...m.parameters(), ...m.buffers() })[k]!, v as never, { ...TOL, message: `step ${t} ${k}` });
        }
      }
      expect(tf.memory().numTensors).toBe(before);
      opt.dispose();
      m.dispose();
      tf.dispose([x, y]);
    });
  }
});
