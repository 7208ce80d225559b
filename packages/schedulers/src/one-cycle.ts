import type { Schedule } from '@dl/core';
import { checkStep, inRange, integer, oneOf, options, positive } from './internal/validate.js';

export interface OneCycleOptions {
  /** Peak learning rate (> 0). */
  maxLr: number;
  /** Length of the cycle in steps (integer >= 1); the schedule is defined for steps 0..totalSteps. */
  totalSteps: number;
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
}

interface Phase {
  end: number;
  from: number;
  to: number;
}

/** The 1cycle policy (Smith & Topor, fastai's two-phase default). PyTorch: `OneCycleLR`. */
export function oneCycle(opts: OneCycleOptions): Schedule {
  const fn = 'oneCycle';
  const o = options(fn, opts);
  const maxLr = positive(fn, 'maxLr', o.maxLr);
  const totalSteps = integer(fn, 'totalSteps', o.totalSteps, 1);
  const pctStart = inRange(fn, 'pctStart', o.pctStart ?? 0.3, 0, 1, '()');
  const strategy = oneOf(fn, 'annealStrategy', o.annealStrategy ?? 'cos', ['cos', 'linear'] as const);
  const divFactor = positive(fn, 'divFactor', o.divFactor ?? 25);
  const finalDivFactor = positive(fn, 'finalDivFactor', o.finalDivFactor ?? 1e4);
  const initialLr = maxLr / divFactor;
  const minLr = initialLr / finalDivFactor;
  // Phase ends are PyTorch's, floats included.
  const phases: Phase[] = o.threePhase
    ? [
        { end: pctStart * totalSteps - 1, from: initialLr, to: maxLr },
        { end: 2 * pctStart * totalSteps - 2, from: maxLr, to: initialLr },
        { end: totalSteps - 1, from: initialLr, to: minLr },
      ]
    : [
        { end: pctStart * totalSteps - 1, from: initialLr, to: maxLr },
        { end: totalSteps - 1, from: maxLr, to: minLr },
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
  return (step) => {
    const t = checkStep(fn, step);
    if (t > totalSteps) throw new RangeError(`${fn}: step ${t} is past totalSteps ${totalSteps}`);
    let startStep = 0;
    for (let i = 0; i < phases.length; i++) {
      const p = phases[i] as Phase;
      if (t <= p.end || i === phases.length - 1) return anneal(p.from, p.to, (t - startStep) / (p.end - startStep));
      startStep = p.end;
    }
    /* c8 ignore next */
    throw new Error('unreachable');
  };
}
