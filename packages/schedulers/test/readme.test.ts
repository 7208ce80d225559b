// The README's snippets. @dl/optim is not a dependency of this package, so `Optimizer` and `sgd`
// are stand-ins that do what @dl/optim documents: evaluate a Schedule at the update count.
import { scaleSchedule } from '@dl/core';
import { describe, expect, it } from 'vitest';
import { chained, cosineAnnealing, cosineWarmRestarts, linear, multiStep, oneCycle, perEpoch, perEpochFractional, reduceOnPlateau, sample, stepDecay, warmup } from '../src/index.js';
import type { Schedule } from '../src/index.js';

const sgd = (o: { lr: number | Schedule; momentum: number }) => o;
class Optimizer {
  updates = 0;
  used: number[] = [];
  constructor(private t: { lr: number | Schedule }, _variables: unknown) {}
  step(): void {
    this.used.push(typeof this.t.lr === 'function' ? this.t.lr(this.updates) : this.t.lr);
    this.updates++;
  }
  setLearningRate(lr: number | Schedule): void {
    this.t = { lr };
  }
}
const variables = {};
const epochs = 3;
const stepsPerEpoch = 4;

describe('README', () => {
  it('intro: warm-up into cosine annealing', () => {
    const lr = warmup(cosineAnnealing({ lr: 0.1, tMax: 95 }), { steps: 5, startFactor: 0.1 });
    expect(lr(0)).toBeCloseTo(0.01, 15);
    expect(lr(5)).toBe(0.1);
    expect(sample(lr, 100)).toHaveLength(100);
  });
  it('per step: oneCycle as the optimizer lr', () => {
    const optimizer = new Optimizer(sgd({ lr: oneCycle({ maxLr: 0.1, totalSteps: epochs * stepsPerEpoch }), momentum: 0.9 }), variables);
    for (let i = 0; i < epochs * stepsPerEpoch; i++) optimizer.step();
    expect(optimizer.used[0]).toBeCloseTo(0.1 / 25, 15);
    expect(Math.max(...optimizer.used)).toBeLessThanOrEqual(0.1);
  });
  it('per epoch: perEpoch(multiStep)', () => {
    const lr = perEpoch(multiStep({ lr: 0.1, milestones: [1, 2], gamma: 0.1 }), stepsPerEpoch);
    const optimizer = new Optimizer(sgd({ lr, momentum: 0.9 }), variables);
    for (let i = 0; i < epochs * stepsPerEpoch; i++) optimizer.step();
    const expected = [0.1, 0.1 * 0.1, 0.1 * 0.1 ** 2].flatMap((v) => Array(stepsPerEpoch).fill(v) as number[]);
    optimizer.used.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 15));
  });
  it('fractional epochs: perEpochFractional(cosineWarmRestarts)', () => {
    const lr = perEpochFractional(cosineWarmRestarts({ lr: 0.1, t0: 10, tMult: 2 }), stepsPerEpoch);
    expect(lr(1)).toBe(cosineWarmRestarts({ lr: 0.1, t0: 10, tMult: 2 })(0.25));
  });
  it('reduceOnPlateau with setLearningRate', async () => {
    const losses = [1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
    const validationLoss = async () => losses.shift() as number;
    const trainOneEpoch = async (o: Optimizer) => o.step();
    const epochs = 8;
    const plateau = reduceOnPlateau({ lr: 0.1, patience: 5 });
    const optimizer = new Optimizer(sgd({ lr: plateau.lr, momentum: 0.9 }), variables);
    for (let epoch = 0; epoch < epochs; epoch++) {
      await trainOneEpoch(optimizer);
      optimizer.setLearningRate(plateau.step(await validationLoss()));
    }
    // Six epochs without improvement (more than patience 5): the ninth epoch trains at 0.01.
    await trainOneEpoch(optimizer);
    expect(optimizer.used.slice(0, 8)).toEqual(Array(8).fill(0.1));
    expect(optimizer.used[8]).toBeCloseTo(0.01, 15);
  });
  it('options: the error names the function, the option and the range', () => {
    expect(() => linear({ lr: 0.1, endFactor: 1.2 })).toThrow('linear: endFactor must be in [0, 1], got 1.2');
  });
  it('oneCycle: epochs form and momentum', () => {
    const lr = oneCycle({ maxLr: 0.1, epochs: 10, stepsPerEpoch: 100 });
    expect(lr(299)).toBe(0.1);
    expect(lr.momentum?.(299)).toBe(0.85);
    expect(() => lr(1001)).toThrow(/past totalSteps 1000/);
  });
  it('chained: LinearLR warm-up + StepLR', () => {
    const lr = chained([linear({ lr: 0.1, startFactor: 0.1, totalIters: 5 }), stepDecay({ lr: 0.1, stepSize: 30 })], { lr: 0.1 });
    expect(lr(0)).toBeCloseTo(0.01, 15);
    expect(lr(5)).toBeCloseTo(0.1, 15);
    expect(lr(30)).toBeCloseTo(0.01, 15);
  });
  it('reduceOnPlateau with param groups', () => {
    const plateau = reduceOnPlateau({ lr: [0.1, 0.01], minLr: [0.001, 0.005], patience: 5 });
    const seen = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1].map((valLoss) => plateau.step(valLoss));
    expect(seen[0]).toEqual([0.1, 0.01]);
    expect(seen[6]?.[0]).toBeCloseTo(0.01, 15);
    expect(seen[6]?.[1]).toBe(0.005);
    expect(seen[12]?.[0]).toBeCloseTo(0.001, 15);
    expect(seen[12]?.[1]).toBe(0.005);
  });
  it('param groups: scaleSchedule keeps etaMin absolute', () => {
    const lr = warmup(cosineAnnealing({ lr: 0.1, tMax: 95, etaMin: 0.001 }), { steps: 5 });
    const head = scaleSchedule(lr, 0.01 / 0.1) as Schedule;
    expect(head(5)).toBeCloseTo(0.01, 15);
    expect(head(100)).toBeCloseTo(0.001, 15);
    expect(head(0)).toBeCloseTo(0.01 / 3, 15);
  });
});
