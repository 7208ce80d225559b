// Every schedule of @dl/schedulers with its options and defaults, as the schedules page draws them.
import type { Schedule } from '@dl/schedulers';
import {
  bengio, constant, cosineAnnealing, cosineWarmRestarts, cyclic, exponential, inverseTime, linear, multiStep, multiplicative, oneCycle,
  polynomial, reduceOnPlateau, sample, sequential, stepDecay, swalr, warmup,
} from '@dl/schedulers';

export type OptionValue = number | string;

export interface ScheduleEntry {
  /** The call as code, for the label. */
  pytorch: string;
  options: Record<string, OptionValue>;
  /** Choices of string options. */
  choices?: Record<string, string[]>;
  build: (o: Record<string, any>, steps: number, seed: number) => Schedule;
}

const list = (s: string) => String(s).split(',').map((x) => Number(x.trim())).filter((x) => Number.isFinite(x));

/** A scripted validation loss: falls, then flattens at 0.3, with seeded noise. */
export function scriptedMetric(steps: number, seed: number): number[] {
  let a = seed >>> 0;
  const rand = () => ((a = (a * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  return Array.from({ length: steps }, (_, t) => Math.max(0.3, 1 / (1 + 0.08 * t)) + 0.02 * (rand() - 0.5));
}

export const SCHEDULES: Record<string, ScheduleEntry> = {
  constant: { pytorch: 'ConstantLR', options: { lr: 0.1, factor: 0.3333, totalIters: 20 }, build: (o) => constant(o as any) },
  stepDecay: { pytorch: 'StepLR', options: { lr: 0.1, stepSize: 30, gamma: 0.1 }, build: (o) => stepDecay(o as any) },
  multiStep: { pytorch: 'MultiStepLR', options: { lr: 0.1, milestones: '30,60,80', gamma: 0.1 }, build: (o) => multiStep({ ...o, milestones: list(o.milestones) } as any) },
  exponential: { pytorch: 'ExponentialLR', options: { lr: 0.1, gamma: 0.97 }, build: (o) => exponential(o as any) },
  exponentialAlpha: { pytorch: 'eta0 * (1 - alpha/100)^t', options: { lr: 0.1, alpha: 3 }, build: (o) => exponential(o as any) },
  inverseTime: { pytorch: 'eta0 / (1 + k t)', options: { lr: 0.1, k: 0.05 }, build: (o) => inverseTime(o as any) },
  bengio: { pytorch: 'eta0 * tau / max(t, tau) (seed 004)', options: { lr: 0.1, tau: 20 }, build: (o) => bengio(o as any) },
  cosineAnnealing: { pytorch: 'CosineAnnealingLR', options: { lr: 0.1, tMax: 100, etaMin: 0.001 }, build: (o) => cosineAnnealing(o as any) },
  cosineWarmRestarts: { pytorch: 'CosineAnnealingWarmRestarts (SGDR)', options: { lr: 0.1, t0: 10, tMult: 2, etaMin: 0 }, build: (o) => cosineWarmRestarts(o as any) },
  linear: { pytorch: 'LinearLR', options: { lr: 0.1, startFactor: 0.3333, endFactor: 1, totalIters: 50 }, build: (o) => linear(o as any) },
  polynomial: { pytorch: 'PolynomialLR', options: { lr: 0.1, totalIters: 100, power: 2 }, build: (o) => polynomial(o as any) },
  multiplicative: { pytorch: 'MultiplicativeLR', options: { lr: 0.1, factor: 0.97 }, build: (o) => multiplicative(() => o.factor, { lr: o.lr }) },
  oneCycle: {
    pytorch: 'OneCycleLR (momentum dashed)',
    options: { maxLr: 0.1, totalSteps: 100, pctStart: 0.3, annealStrategy: 'cos', divFactor: 25, finalDivFactor: 10000, threePhase: 'false' },
    choices: { annealStrategy: ['cos', 'linear'], threePhase: ['false', 'true'] },
    build: (o) => oneCycle({ ...o, threePhase: o.threePhase === 'true' } as any),
  },
  cyclic: {
    pytorch: 'CyclicLR (momentum dashed)',
    options: { baseLr: 0.001, maxLr: 0.1, stepSizeUp: 20, mode: 'triangular', gamma: 0.99 },
    choices: { mode: ['triangular', 'triangular2', 'exp_range'] },
    build: (o) => cyclic(o as any),
  },
  warmup: {
    pytorch: 'linear warm-up, then CosineAnnealingLR',
    options: { lr: 0.1, steps: 10, startFactor: 0.1, mode: 'linear', tMax: 100 },
    choices: { mode: ['linear', 'constant', 'exponential'] },
    build: (o) => warmup(cosineAnnealing({ lr: o.lr, tMax: o.tMax }), { steps: o.steps, startFactor: o.startFactor, mode: o.mode }),
  },
  sequential: {
    pytorch: 'SequentialLR(LinearLR, CosineAnnealingLR)',
    options: { lr: 0.1, milestone: 10, tMax: 90 },
    build: (o) => sequential([linear({ lr: o.lr, startFactor: 0.1, totalIters: o.milestone }), cosineAnnealing({ lr: o.lr, tMax: o.tMax })], [o.milestone]),
  },
  swalr: { pytorch: 'torch.optim.swa_utils.SWALR', options: { lr: 0.1, swaLr: 0.01, annealEpochs: 10, annealStrategy: 'cos' }, choices: { annealStrategy: ['cos', 'linear'] }, build: (o) => swalr(o as any) },
  reduceOnPlateau: {
    pytorch: 'ReduceLROnPlateau on a scripted metric (grey)',
    options: { lr: 0.1, factor: 0.5, patience: 5, threshold: 0.0001, cooldown: 0, minLr: 0.001 },
    build: (o, steps, seed) => {
      const plateau = reduceOnPlateau(o as any);
      const metric = scriptedMetric(steps, seed);
      const lrs = metric.map((m) => plateau.step(m));
      return (t: number) => (t === 0 ? o.lr : lrs[t - 1] ?? lrs[lrs.length - 1]!);
    },
  },
};

export interface Sampled {
  name: string;
  step: number;
  value: number;
  series: 'lr' | 'momentum' | 'metric';
}

/** The schedule's learning rate (and momentum, and the scripted metric) at steps 0..steps-1. */
export function sampleEntry(name: string, options: Record<string, OptionValue>, steps: number, seed: number): Sampled[] {
  const entry = SCHEDULES[name]!;
  const schedule = entry.build(options, steps, seed) as Schedule & { momentum?: Schedule };
  const out: Sampled[] = sample(schedule, steps).map((value, step) => ({ name, step, value, series: 'lr' }));
  if (schedule.momentum) out.push(...sample(schedule.momentum, steps).map((value, step) => ({ name, step, value: value * (Number(options.maxLr) || 0.1), series: 'momentum' as const })));
  if (name === 'reduceOnPlateau') out.push(...scriptedMetric(steps, seed).map((value, step) => ({ name, step, value: value * 0.1, series: 'metric' as const })));
  return out;
}
