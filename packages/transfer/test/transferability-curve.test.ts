import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import type { Module } from '@dl/layers';
import { Optimizer, sgd } from '@dl/optim';
import { fit } from '@dl/train';
import type { DataLike } from '@dl/train';
import { transferabilityCurve, transferabilityPlot } from '../src/index.js';
import type { TransferRun } from '../src/index.js';
import { images, smallCnn } from './support.js';

const train = async (model: Module, data: DataLike, run: TransferRun) => {
  const optimizer = new Optimizer(sgd({ lr: 0.05, momentum: 0.9 }), model.parameters());
  try {
    await fit({ model, optimizer, data, epochs: 1, batchSize: 8, rng: run.seed });
  } finally {
    optimizer.dispose();
  }
};

const maxDiff = async (a: tf.Tensor, b: tf.Tensor) => {
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))));
  const v = (await d.data())[0]!;
  d.dispose();
  return v;
};

describe('transferabilityCurve (Yosinski et al. 2014)', () => {
  it('trains bases A and B, then for each n and mode copies n layers (frozen or fine-tuned), trains on B, measures on B; nothing leaks', async () => {
    const a = images(24, 3, 1);
    const b = images(24, 3, 2);
    const testB = images(30, 3, 3);
    const before = tf.memory().numTensors;
    const states: Record<string, Record<string, tf.Tensor>> = {};
    const starts: Record<string, Record<string, tf.Tensor>> = {};
    const curve = await transferabilityCurve({
      build: (run) => smallCnn(100 * run.seed + run.n + (run.kind.length > 4 ? 7 : 0), 3),
      train: async (model, data, run) => {
        const key = `${run.kind}:${run.seed}:${run.n}`;
        starts[key] = model.stateDict();
        await train(model, data, run);
        states[key] = model.stateDict();
      },
      a,
      b,
      testB,
      seeds: [0, 1],
    });
    expect(curve.layerCount).toBe(4);
    // per seed: base A, base B, then n = 1..3 x 4 modes
    expect(curve.results.length).toBe(2 * (2 + 3 * 4));
    expect(curve.results.slice(0, 4).map((r) => r.kind)).toEqual(['baseA', 'baseB', 'AnB', 'BnB']);
    expect(Number.isNaN(curve.results[0]!.accuracy)).toBe(true);
    for (const r of curve.results.filter((r) => r.kind !== 'baseA')) {
      expect(r.accuracy).toBeGreaterThanOrEqual(0);
      expect(r.accuracy).toBeLessThanOrEqual(1);
    }
    expect(curve.summary.length).toBe(1 + 3 * 4);
    expect(curve.summary.every((s) => s.count === 2)).toBe(true);
    const baseB = curve.results.filter((r) => r.kind === 'baseB').map((r) => r.accuracy);
    const row = curve.summary.find((r) => r.kind === 'baseB')!;
    expect(row.mean).toBeCloseTo((baseB[0]! + baseB[1]!) / 2, 12);
    expect(row.std).toBeCloseTo(Math.abs(baseB[0]! - baseB[1]!) / Math.SQRT2, 12);

    // AnB n=2: starts from base A's first two layers (with its batch-norm statistics) and keeps them frozen,
    // statistics included (bnPolicy 'eval'); the layers above train.
    const baseA = states['baseA:0:0']!;
    const anb = ['AnB:0:2', 'AnB+:0:2', 'BnB:0:2'].map((k) => [starts[k]!, states[k]!] as const);
    for (const name of ['0.kernel', '1.gamma', '1.runningMean', '4.kernel', '5.runningVar']) {
      expect(await maxDiff(anb[0]![0][name]!, baseA[name]!), `AnB starts from A: ${name}`).toBe(0);
      expect(await maxDiff(anb[0]![1][name]!, baseA[name]!), `AnB keeps A's frozen: ${name}`).toBe(0);
    }
    expect(await maxDiff(anb[0]![1]['10.kernel']!, anb[0]![0]['10.kernel']!)).toBeGreaterThan(0);
    // the third layer is not copied: it starts from the fresh network's own initialisation
    expect(await maxDiff(anb[0]![0]['10.kernel']!, baseA['10.kernel']!)).toBeGreaterThan(0);
    // AnB+ starts from A and fine-tunes the copied layers too
    expect(await maxDiff(anb[1]![0]['0.kernel']!, baseA['0.kernel']!)).toBe(0);
    expect(await maxDiff(anb[1]![1]['0.kernel']!, baseA['0.kernel']!)).toBeGreaterThan(0);
    // BnB starts from base B
    expect(await maxDiff(anb[2]![0]['4.kernel']!, states['baseB:0:0']!['4.kernel']!)).toBe(0);

    tf.dispose([...Object.values(states), ...Object.values(starts)].flatMap((s) => Object.values(s)));
    tf.dispose([a.x, a.y, b.x, b.y, testB.x, testB.y]);
    expect(tf.memory().numTensors).toBe(before - 6);

    const svg = transferabilityPlot(curve, { title: 'test' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('base B');
    expect((svg.match(/<polyline/g) ?? []).length).toBe(4);
  });

  it('runs only the layers and modes asked for', async () => {
    const d = images(16, 3, 4);
    const curve = await transferabilityCurve({ build: (r) => smallCnn(r.seed, 3), train, a: d, b: d, testB: d, layers: [3], modes: ['AnB+'] });
    expect(curve.results.map((r) => `${r.kind}${r.n}`)).toEqual(['baseA0', 'baseB0', 'AnB+3']);
    tf.dispose([d.x, d.y]);
  });

  it('refuses bad options before training, and frees every network when training fails', async () => {
    const d = images(16, 3, 5);
    const base = { build: (r: TransferRun) => smallCnn(r.seed, 3), train, a: d, b: d, testB: d };
    const before = tf.memory().numTensors;
    await expect(transferabilityCurve({ ...base, modes: ['AnB', 'ABn'] as never })).rejects.toThrow(/transferabilityCurve: modes must be a non-empty list of 'AnB', 'BnB', 'AnB\+', 'BnB\+', got/);
    await expect(transferabilityCurve({ ...base, seeds: [] })).rejects.toThrow(/seeds must be a non-empty list of integers/);
    await expect(transferabilityCurve({ ...base, bnPolicy: 'frozen' as never })).rejects.toThrow(/bnPolicy must be one of 'train', 'frozen-affine', 'eval'/);
    await expect(transferabilityCurve({ ...base, testB: { x: d.x } as never })).rejects.toThrow(/testB must be \{x, y\} or \{images, labels\} tensors/);
    await expect(transferabilityCurve({ ...base, epochs: 3 } as never)).rejects.toThrow(/unknown option 'epochs'/);
    await expect(transferabilityCurve({ ...base, layers: [4] })).rejects.toThrow(/layers must be a non-empty list of integers in \[1, 3\] \(the network has 4 layers\), got \[4\]/);
    expect(tf.memory().numTensors).toBe(before);
    let calls = 0;
    await expect(
      transferabilityCurve({
        ...base,
        train: async (m, data, run) => {
          if (++calls === 4) throw new Error('out of budget');
          await train(m, data, run);
        },
      }),
    ).rejects.toThrow('out of budget');
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([d.x, d.y]);
  });
});
