import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { dense, sequential } from '@dl/layers';
import { AveragedModel, getEmaAvgFn, getSwaAvgFn } from '../src/index.js';
import type { AveragedModelOptions } from '../src/index.js';
import fx from './fixtures/averaged-model.json';
import { mlp, toNamed, TOL } from './support/torch.js';
import type { FxTensor } from './support/torch.js';

interface Case {
  name: string;
  avgFn: 'swa' | 'ema' | null;
  decay: number | null;
  useBuffers: boolean;
  initial: Record<string, FxTensor>;
  sources: Record<string, FxTensor>[];
  averaged: Record<string, FxTensor>[];
  nAveraged: number[];
}

describeBackends('AveragedModel', () => {
  for (const c of fx.cases as unknown as Case[]) {
    it(`matches PyTorch 1.13 AveragedModel (${c.name}) over ${c.sources.length} updates`, async () => {
      const model = mlp();
      const init = toNamed(c.initial);
      model.loadStateDict(init);
      tf.dispose(init);
      const options: AveragedModelOptions = { copy: mlp, useBuffers: c.useBuffers };
      if (c.avgFn === 'ema') options.avgFn = getEmaAvgFn(c.decay!);
      if (c.avgFn === 'swa') options.avgFn = getSwaAvgFn();
      const avg = new AveragedModel(model, options);
      expect(avg.nAveraged).toBe(0);
      for (let i = 0; i < c.sources.length; i++) {
        const src = toNamed(c.sources[i]!);
        model.loadStateDict(src);
        tf.dispose(src);
        expectNoLeak(() => avg.updateParameters(model));
        expect(avg.nAveraged).toBe(c.nAveraged[i]);
        const got = avg.module.stateDict();
        const want = toNamed(c.averaged[i]!);
        await expectTensorsClose(got, want, { ...TOL, message: `update ${i + 1}` });
        tf.dispose([got, want]);
      }
      model.dispose();
      avg.dispose();
    });
  }

  it('applies a multiAvgFn to all tensors at once, in preference to avgFn', async () => {
    const model = sequential(dense(2, 2));
    const avg = new AveragedModel(model, {
      copy: () => sequential(dense(2, 2)),
      avgFn: () => {
        throw new Error('not used');
      },
      multiAvgFn: (a, c) => a.map((t, i) => tf.add(t, c[i]!)),
    });
    avg.updateParameters(model);
    avg.updateParameters(model);
    await expectTensorsClose(avg.module.parameters()['0.kernel']!, tf.mul(model.parameters()['0.kernel']!, 2));
    model.dispose();
    avg.dispose();
  });

  it('leaves the average unchanged when avgFn throws, and leaks nothing', async () => {
    const model = sequential(dense(2, 2));
    let calls = 0;
    const avg = new AveragedModel(model, {
      copy: () => sequential(dense(2, 2)),
      avgFn: (a, c) => {
        if (++calls === 2) throw new Error('boom');
        return tf.add(a, c);
      },
    });
    avg.updateParameters(model);
    const before = avg.module.stateDict();
    expect(() => expectNoLeak(() => avg.updateParameters(model))).toThrow(/boom/);
    await expectTensorsClose(avg.module.stateDict(), before);
    expect(avg.nAveraged).toBe(1);
    tf.dispose(before);
    model.dispose();
    avg.dispose();
  });

  it('keeps tf.memory().numTensors unchanged over 500 EMA updates', () => {
    const model = mlp();
    const avg = new AveragedModel(model, { copy: mlp, avgFn: getEmaAvgFn(0.95), useBuffers: true });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 500; i++) avg.updateParameters(model);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    avg.dispose();
  });

  it('round-trips its state dict (module.<name> and nAveraged)', async () => {
    const model = mlp();
    const avg = new AveragedModel(model, { copy: mlp });
    avg.updateParameters(model);
    avg.updateParameters(model);
    const state = avg.stateDict();
    expect(Object.keys(state)).toContain('module.0.kernel');
    const other = new AveragedModel(model, { copy: mlp });
    await other.loadStateDict(state);
    expect(other.nAveraged).toBe(2);
    tf.dispose(state);
    model.dispose();
    avg.dispose();
    other.dispose();
  });
});

describe('AveragedModel errors', () => {
  it('rejects a copy of another architecture before making any tensor of its own', () => {
    const model = mlp();
    const before = tf.memory().numTensors;
    expect(() => new AveragedModel(model, { copy: () => sequential(dense(3, 4)) })).toThrow(/AveragedModel: copy is not of model's architecture: names differ/);
    expect(() => new AveragedModel(model, { copy: () => sequential(dense(3, 5), dense(5, 2)) })).toThrow(RangeError);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
  it('names the missing copy option, bad functions and unknown options', () => {
    const model = mlp();
    expect(() => new AveragedModel(model, {} as AveragedModelOptions)).toThrow(/options.copy is required/);
    expect(() => new AveragedModel(model, { copy: mlp, avgFn: 3 as never })).toThrow(/avgFn must be a function/);
    expect(() => new AveragedModel(model, { copy: mlp, decay: 0.9 } as never)).toThrow(/unknown option 'decay'/);
    expect(() => new AveragedModel(model, { copy: mlp, useBuffers: 'yes' as never })).toThrow(/useBuffers must be a boolean/);
    expect(() => new AveragedModel(model, { copy: model })).toThrow(/different module/);
    model.dispose();
  });
  it('rejects updating from a model of another architecture', () => {
    const model = mlp();
    const avg = new AveragedModel(model, { copy: mlp });
    const other = sequential(dense(3, 4));
    expect(() => avg.updateParameters(other)).toThrow(/updateParameters: model is not of the averaged architecture/);
    tf.dispose([model, avg, other].flatMap(() => []));
    model.dispose();
    avg.dispose();
    other.dispose();
  });
  it('getEmaAvgFn rejects a decay outside [0, 1]', () => {
    expect(() => getEmaAvgFn(1.5)).toThrow(/getEmaAvgFn: decay must be in \[0, 1\], got 1.5/);
    expect(() => getEmaAvgFn(-0.1)).toThrow(RangeError);
    expect(() => getEmaAvgFn(Number.NaN)).toThrow(TypeError);
  });
});
