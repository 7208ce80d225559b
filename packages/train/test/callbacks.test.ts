import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { Optimizer, sgd } from '@dl/optim';
import { stepDecay } from '@dl/schedulers';
import { curvesSvg, fit, learningCurves, lrSchedule, progress, reduceLrOnPlateau } from '../src/index.js';
import type { Callback, ProgressInfo } from '../src/index.js';
import { mlp, toyData } from './support.js';

async function run(callbacks: Callback[], extra: Record<string, unknown> = {}, epochs = 4) {
  const data = toyData(24);
  const model = mlp();
  const optimizer = new Optimizer(sgd({ lr: 0.1, momentum: 0.9 }), model.parameters());
  const r = await fit({ model, optimizer, data, epochs, batchSize: 8, rng: 0, callbacks, ...extra });
  tf.dispose([data.x, data.y]);
  model.dispose();
  optimizer.dispose();
  return r;
}

describe('callbacks', () => {
  it('learningCurves writes JSON lines and CSV of every epoch', async () => {
    const lines: string[] = [];
    const curves = learningCurves({ onEpoch: (_r, line) => void lines.push(line) });
    const r = await run([curves]);
    expect(curves.rows).toHaveLength(4);
    expect(curves.toJsonLines().trim().split('\n').map((l) => JSON.parse(l).loss)).toEqual(r.history.epochs.map((e) => e.loss));
    const csv = curves.toCsv().trim().split('\n');
    expect(csv[0]).toBe('epoch,loss,accuracy,topK,valLoss,valAccuracy,valTopK,lr,steps,seconds,samplesPerSecond');
    expect(csv[1]!.split(',')[0]).toBe('1');
    expect(lines).toHaveLength(4);
    const svg = curvesSvg(r.history.epochs, { title: 'a < b' });
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('a &lt; b');
    expect((svg.match(/<polyline/g) ?? []).length).toBe(2); // loss and accuracy (no validation)
  });

  it('progress reports batches and epochs with lr, speed and ETA', async () => {
    const infos: ProgressInfo[] = [];
    await run([progress({ onUpdate: (i) => void infos.push(i) })], { logEvery: 1 }, 2);
    expect(infos).toHaveLength(2 * 3 + 2);
    expect(infos[0]).toMatchObject({ epoch: 1, epochs: 2, batch: 1, batches: 3, lr: 0.1 });
    expect(infos[0]!.etaSeconds).toBeGreaterThan(0);
    expect(Number.isFinite(infos[0]!.loss)).toBe(true);
    expect(infos[3]!.epochLog?.epoch).toBe(1);
  });

  it('lrSchedule per epoch holds the rate for an epoch; fit records the rate of every step', async () => {
    const s = stepDecay({ lr: 0.1, stepSize: 1, gamma: 0.5 });
    const r = await run([lrSchedule(s, { per: 'epoch' })], {}, 3);
    expect(r.history.lr).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025]);
    const p = await run([], { schedule: s }, 1);
    expect(p.history.lr).toEqual([0.1, 0.05, 0.025]);
  });

  it('reduceLrOnPlateau lowers the rate after a plateau of the monitored figure', async () => {
    const vals = [1, 1, 1, 1, 1];
    const script: Callback = { priority: -1, onEpochEnd: (_c, log) => void (log.valLoss = vals[log.epoch - 1]!) };
    const r = await run([script, reduceLrOnPlateau({ patience: 1, factor: 0.5 })], {}, 5);
    // PyTorch: bad epochs 1 (2nd), 2 (3rd) > patience 1 -> reduce after epoch 3; then again after epoch 5
    expect(r.history.epochs.map((e) => e.lr)).toEqual([0.1, 0.1, 0.1, 0.05, 0.05]);
  });
});
