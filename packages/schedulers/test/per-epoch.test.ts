import { describe, expect, it } from 'vitest';
import { cosineWarmRestarts, multiStep, perEpoch, perEpochFractional, reduceOnPlateau, sample, stepDecay } from '../src/index.js';
import type { Schedule } from '../src/index.js';

// A stand-in for @dl/optim's Optimizer: it evaluates a Schedule at its own update count.
class FakeOptimizer {
  updates = 0;
  seen: number[] = [];
  constructor(public lr: number | Schedule) {}
  step(): void {
    this.seen.push(typeof this.lr === 'function' ? this.lr(this.updates) : this.lr);
    this.updates++;
  }
  setLearningRate(lr: number): void {
    this.lr = lr;
  }
}

describe('perEpoch', () => {
  it('holds each epoch value for stepsPerEpoch updates', () => {
    const s = perEpoch(stepDecay({ lr: 1, stepSize: 1, gamma: 0.5 }), 3);
    expect(sample(s, 7)).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.25]);
  });
  it('README: per-epoch schedule on an optimizer', () => {
    const stepsPerEpoch = 4;
    const opt = new FakeOptimizer(perEpoch(multiStep({ lr: 0.1, milestones: [2], gamma: 0.1 }), stepsPerEpoch));
    for (let i = 0; i < 12; i++) opt.step();
    expect(opt.seen.map((v) => Number(v.toPrecision(12)))).toEqual([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.01]);
  });
  it('README: reduceOnPlateau with setLearningRate', () => {
    const plateau = reduceOnPlateau({ lr: 0.1, patience: 1 });
    const opt = new FakeOptimizer(plateau.lr);
    for (const valLoss of [1, 0.9, 0.9, 0.9]) {
      opt.step();
      opt.setLearningRate(plateau.step(valLoss));
    }
    expect(opt.lr).toBeCloseTo(0.01, 15);
  });
  it('rejects bad arguments', () => {
    const s = stepDecay({ lr: 1, stepSize: 1 });
    expect(() => perEpoch(s, 0)).toThrow(/perEpoch: stepsPerEpoch must be an integer >= 1, got 0/);
    expect(() => perEpoch(s, 3)(1.5)).toThrow(/perEpoch: step must be an integer >= 0/);
    expect(() => perEpochFractional(s, 2.5)).toThrow(RangeError);
    expect(() => perEpoch(1 as unknown as Schedule, 3)).toThrow(TypeError);
  });
});

describe('perEpochFractional', () => {
  it('passes epoch + i / stepsPerEpoch', () => {
    const seen: number[] = [];
    const s = perEpochFractional((t) => (seen.push(t), 1), 4);
    sample(s, 6);
    expect(seen).toEqual([0, 0.25, 0.5, 0.75, 1, 1.25]);
  });
  it('is pure', () => {
    const s = perEpochFractional(cosineWarmRestarts({ lr: 0.1, t0: 2, tMult: 2 }), 5);
    expect(sample(s, 40)).toEqual(sample(s, 40));
  });
});
