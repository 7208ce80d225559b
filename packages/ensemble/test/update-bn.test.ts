import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { BatchNorm, dense, sequential } from '@dl/layers';
import { updateBn } from '../src/index.js';
import fx from './fixtures/update-bn.json';
import { bnNet, toNamed, toTensor, TOL } from './support/torch.js';
import type { FxTensor } from './support/torch.js';

const before = fx.before as unknown as Record<string, FxTensor>;
const after = fx.after as unknown as Record<string, FxTensor>;

describeBackends('updateBn', () => {
  it('matches PyTorch 1.13 update_bn on a conv + batch-norm network (running stats, counts, momenta, mode)', async () => {
    const net = bnNet();
    const w = toNamed(before);
    net.loadStateDict(w);
    tf.dispose(w);
    net.eval();
    const batches = fx.batches.map((b) => toTensor(b as FxTensor));
    expectNoLeak(() => updateBn(batches, net));
    const got = net.stateDict();
    const want = toNamed(after);
    await expectTensorsClose(got, want, TOL);
    const bns = [net.layers[1], net.layers[6]] as BatchNorm[];
    expect(bns.map((b) => b.momentum)).toEqual(fx.momenta);
    expect(net.training).toBe(fx.training);
    expect(bns.every((b) => !b.training)).toBe(true);
    tf.dispose([got, want, batches]);
    net.dispose();
  });

  it('batches one tensor by batchSize (the same as the list of batches)', async () => {
    const net = bnNet();
    const w = toNamed(before);
    net.loadStateDict(w);
    tf.dispose(w);
    const batches = fx.batches.map((b) => toTensor(b as FxTensor));
    const all = tf.concat(batches);
    updateBn({ x: all }, net, { batchSize: 6 });
    const got = net.stateDict();
    const want = toNamed(after);
    await expectTensorsClose(got, want, TOL);
    expect(net.training).toBe(true); // as it was
    tf.dispose([got, want, batches, all]);
    net.dispose();
  });

  it('puts the statistics back and leaks nothing when the model throws', async () => {
    const net = bnNet();
    const saved = net.stateDict();
    const good = tf.ones([2, 4, 4, 2]);
    const bad = tf.ones([2, 4, 4, 7]);
    expect(() => expectNoLeak(() => updateBn([good, bad], net))).toThrow();
    await expectTensorsClose(net.stateDict(), saved);
    expect((net.layers[1] as BatchNorm).momentum).toBe(0.3);
    tf.dispose([saved, good, bad]);
    net.dispose();
  });
});

describe('updateBn errors', () => {
  it('rejects bad data and options before anything changes', () => {
    const net = bnNet();
    expect(() => updateBn([], net)).toThrow(/updateBn: data has no batches/);
    expect(() => updateBn([3 as never], net)).toThrow(/updateBn: batch 0 must be a tensor/);
    expect(() => updateBn(5 as never, net)).toThrow(/updateBn: data must be a tensor/);
    expect(() => updateBn(tf.zeros([0, 4, 4, 2]), net)).toThrow(/data is empty/);
    expect(() => updateBn([], {} as never)).toThrow(/updateBn: model must be a Module/);
    expect(() => updateBn([], net, { batchSize: 0 })).toThrow(/batchSize must be an integer >= 1/);
    net.dispose();
  });
  it('does nothing on a model without batch norm', () => {
    const net = sequential(dense(2, 2));
    const x = tf.ones([3, 2]);
    expectNoLeak(() => updateBn(x, net));
    x.dispose();
    net.dispose();
  });
});
