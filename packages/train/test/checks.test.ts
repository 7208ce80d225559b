import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { expectNoLeak } from '@dl/core/testing';
import { dense, sequential } from '@dl/layers';
import { checkInitialLoss, diagnoseCurves, evaluate, overfitTinySubset } from '../src/index.js';
import type { EpochLog } from '../src/index.js';
import { mlp, sgdFor, toyData } from './support.js';

describe('checkInitialLoss', () => {
  it('passes near ln C and flags a badly scaled output layer', async () => {
    const data = toyData(64);
    const good = mlp();
    const r = await expectNoLeak(() => checkInitialLoss(good, data, { numClasses: 3 }));
    expect(r.expected).toBeCloseTo(Math.log(3), 12);
    expect(r.ok).toBe(true);
    const bad = sequential(dense(4, 3, { seed: 0, kernelInitializer: (s) => tf.mul(tf.ones(s), tf.tensor1d([30, -30, 0])) }));
    const b = await checkInitialLoss(bad, data, { numClasses: 3 });
    expect(b.ok).toBe(false);
    expect(b.message).toMatch(/far from ln 3/);
    await expect(checkInitialLoss(good, data, { numClasses: 1 })).rejects.toThrow('checkInitialLoss: numClasses must be an integer >= 2, got 1');
    tf.dispose([data.x, data.y]);
    good.dispose();
    bad.dispose();
  });
});

describe('overfitTinySubset', () => {
  it('memorises a few examples, then restores the weights', async () => {
    const data = toyData(40);
    const model = mlp(1, 4, 3, 16);
    const optimizer = sgdFor(model, 0.2);
    const before = await evaluate(model, data);
    const r = await expectNoLeak(() => overfitTinySubset({ model, optimizer, data, size: 10, epochs: 200 }));
    expect(r.ok).toBe(true);
    expect(r.accuracy).toBe(1);
    expect(optimizer.steps).toBe(0);
    expect((await evaluate(model, data)).loss).toBe(before.loss);
    tf.dispose([data.x, data.y]);
    model.dispose();
    optimizer.dispose();
  });
});

const log = (epoch: number, loss: number, accuracy: number, valLoss?: number, valAccuracy?: number): EpochLog => ({
  epoch, loss, accuracy, lr: 0.1, steps: 1, seconds: 1, samplesPerSecond: 1, ...(valLoss === undefined ? {} : { valLoss, valAccuracy: valAccuracy! }),
});

describe('diagnoseCurves', () => {
  it('tells divergence, over-, under- and right-fitting apart', () => {
    expect(diagnoseCurves([log(1, 1, 0.5), log(2, 3, 0.3)]).verdict).toBe('diverging');
    expect(diagnoseCurves([log(1, 1, 0.5), log(2, NaN, 0.3)]).verdict).toBe('diverging');
    const over = diagnoseCurves([log(1, 1, 0.6, 1, 0.6), log(2, 0.5, 0.8, 0.6, 0.78), log(3, 0.2, 0.95, 0.7, 0.8), log(4, 0.1, 0.99, 0.9, 0.8)]);
    expect(over.verdict).toBe('overfitting');
    expect(over.bestEpoch).toBe(2);
    const under = diagnoseCurves([log(1, 2, 0.3, 2, 0.3), log(2, 1.8, 0.35, 1.8, 0.35), log(3, 1.5, 0.45, 1.5, 0.45)]);
    expect(under.verdict).toBe('underfitting');
    const good = diagnoseCurves({ epochs: [log(1, 1, 0.7, 1, 0.7), log(2, 0.4, 0.9, 0.42, 0.89), log(3, 0.39, 0.91, 0.41, 0.9)], lr: [], batches: [] });
    expect(good.verdict).toBe('good');
    expect(() => diagnoseCurves([])).toThrow('diagnoseCurves: the history has no epochs');
  });
});
