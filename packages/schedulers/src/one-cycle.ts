import { withScaled } from '@dl/core';
import type { Schedule } from '@dl/core';
import { withMomentum } from './internal/momentum.js';
import { checkStep, inRange, integer, oneOf, options, positive, show } from './internal/validate.js';
import type { MomentumSchedule } from './momentum-schedule.js';

export interface OneCycleOptions {
  /** Peak learning rate (> 0). */
  maxLr: number;
  /** Length of the cycle in steps (integer >= 1); the schedule is defined for steps 0..totalSteps. Give this, or `epochs` and `stepsPerEpoch`. */
  totalSteps?: number;
  /** Epochs in the cycle (integer >= 1), with `stepsPerEpoch`: `totalSteps = epochs * stepsPerEpoch`. */
  epochs?: number;
  /** Steps per epoch (integer >= 1), with `epochs`. */
  stepsPerEpoch?: number;
  /** Fraction of the cycle spent increasing the rate, in (0, 1). Default 0.3. */
  pctStart?: number;
  /** `'cos'` or `'linear'`. Default `'cos'`. */
  annealStrategy?: 'cos' | 'linear';
  /** Initial rate is `maxLr / divFactor` (> 0). Default 25. */
  divFactor?: number;
  /** Final rate is `maxLr / divFactor / finalDivFactor` (> 0). Default 1e4. */
  finalDivFactor?: number;
  /** Three phases (up, back down to the initial rate, then annihilation) as in the paper. Default false. */
  threePhase?: boolean;
  /** Cycle momentum inversely to the rate, between `maxMomentum` and `baseMomentum`; the schedule then has a `momentum` property. Default true. */
  cycleMomentum?: boolean;
  /** Momentum at the peak rate, in [0, 1). Default 0.85. */
  baseMomentum?: number;
  /** Momentum at the start and end of the cycle, in [0, 1). Default 0.95. */
  maxMomentum?: number;
}

interface Phase {
  end: number;
  from: number;
  to: number;
  mFrom: number;
  mTo: number;
}

/** The number of steps of the cycle: `totalSteps`, or `epochs * stepsPerEpoch`, with PyTorch's checks. */
function cycleLength(fn: string, o: OneCycleOptions): number {
  const hasTotal = o.totalSteps !== undefined;
  const hasEpochs = o.epochs !== undefined;
  const hasPer = o.stepsPerEpoch !== undefined;
  if (hasTotal && (hasEpochs || hasPer)) {
    throw new TypeError(`${fn}: give either totalSteps or epochs and stepsPerEpoch, not both (got totalSteps ${show(o.totalSteps)}, epochs ${show(o.epochs)}, stepsPerEpoch ${show(o.stepsPerEpoch)})`);
  }
  if (hasTotal) return integer(fn, 'totalSteps', o.totalSteps, 1);
  if (!hasEpochs && !hasPer) throw new TypeError(`${fn}: give totalSteps, or epochs and stepsPerEpoch`);
  if (!hasEpochs || !hasPer) {
    throw new TypeError(`${fn}: epochs and stepsPerEpoch go together, got epochs ${show(o.epochs)} and stepsPerEpoch ${show(o.stepsPerEpoch)}`);
  }
  return integer(fn, 'epochs', o.epochs, 1) * integer(fn, 'stepsPerEpoch', o.stepsPerEpoch, 1);
}

/**
 * The 1cycle policy (Smith & Topor, fastai's two-phase default). PyTorch: `OneCycleLR`.
 *
 * With `cycleMomentum` (the default, as in PyTorch) the schedule has a read-only `momentum`
 * schedule: `maxMomentum` down to `baseMomentum` while the rate rises, and back while it falls,
 * the value `OneCycleLR` sets into SGD's `momentum` or Adam's `betas[0]`. `scaleSchedule(s, factor)`
 * is the schedule with `maxLr * factor` (PyTorch's per-group list form of `max_lr`) and the same
 * momentum.
 */
export function oneCycle(opts: OneCycleOptions): MomentumSchedule {
  const fn = 'oneCycle';
  const o = options(fn, opts);
  const maxLr = positive(fn, 'maxLr', o.maxLr);
  const totalSteps = cycleLength(fn, o);
  const pctStart = inRange(fn, 'pctStart', o.pctStart ?? 0.3, 0, 1, '()');
  const strategy = oneOf(fn, 'annealStrategy', o.annealStrategy ?? 'cos', ['cos', 'linear'] as const);
  const divFactor = positive(fn, 'divFactor', o.divFactor ?? 25);
  const finalDivFactor = positive(fn, 'finalDivFactor', o.finalDivFactor ?? 1e4);
  const cycleMomentum = o.cycleMomentum ?? true;
  if (typeof cycleMomentum !== 'boolean') throw new TypeError(`${fn}: cycleMomentum must be a boolean, got ${show(cycleMomentum)}`);
  const baseMomentum = inRange(fn, 'baseMomentum', o.baseMomentum ?? 0.85, 0, 1, '[)');
  const maxMomentum = inRange(fn, 'maxMomentum', o.maxMomentum ?? 0.95, 0, 1, '[)');
  const initialLr = maxLr / divFactor;
  const minLr = initialLr / finalDivFactor;
  // Phase ends are PyTorch's, floats included.
  const phases: Phase[] = o.threePhase
    ? [
        { end: pctStart * totalSteps - 1, from: initialLr, to: maxLr, mFrom: maxMomentum, mTo: baseMomentum },
        { end: 2 * pctStart * totalSteps - 2, from: maxLr, to: initialLr, mFrom: baseMomentum, mTo: maxMomentum },
        { end: totalSteps - 1, from: initialLr, to: minLr, mFrom: maxMomentum, mTo: maxMomentum },
      ]
    : [
        { end: pctStart * totalSteps - 1, from: initialLr, to: maxLr, mFrom: maxMomentum, mTo: baseMomentum },
        { end: totalSteps - 1, from: maxLr, to: minLr, mFrom: baseMomentum, mTo: maxMomentum },
      ];
  let start = 0;
  for (const p of phases) {
    if (p.end === start) {
      throw new RangeError(`${fn}: a phase of the cycle has zero length (pctStart ${pctStart}, totalSteps ${totalSteps}); change pctStart or totalSteps`);
    }
    start = p.end;
  }
  const anneal =
    strategy === 'cos'
      ? (from: number, to: number, pct: number) => to + ((from - to) / 2) * (Math.cos(Math.PI * pct) + 1)
      : (from: number, to: number, pct: number) => (to - from) * pct + from;
  // The phase a step is in and how far through it, as PyTorch's get_lr finds them.
  const locate = (step: number): [Phase, number] => {
    const t = checkStep(fn, step);
    if (t > totalSteps) throw new RangeError(`${fn}: step ${t} is past totalSteps ${totalSteps}`);
    let startStep = 0;
    for (let i = 0; i < phases.length; i++) {
      const p = phases[i] as Phase;
      if (t <= p.end || i === phases.length - 1) return [p, (t - startStep) / (p.end - startStep)];
      startStep = p.end;
    }
    /* c8 ignore next */
    throw new Error('unreachable');
  };
  const lr: Schedule = (step) => {
    const [p, pct] = locate(step);
    return anneal(p.from, p.to, pct);
  };
  const momentum: Schedule | undefined = cycleMomentum
    ? (step) => {
        const [p, pct] = locate(step);
        return anneal(p.mFrom, p.mTo, pct);
      }
    : undefined;
  return withMomentum(
    withScaled(lr, (factor) => oneCycle({ ...o, maxLr: maxLr * factor })),
    momentum,
  );
}
