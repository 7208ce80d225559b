import { scaleSchedule, withScaled } from '@dl/core';
import type { ScalableSchedule, Schedule } from '@dl/core';
import { checkStep, options, positive, show } from './internal/validate.js';

export interface ChainedOptions {
  /** The optimizer's base learning rate (> 0), which every part must be built with. */
  lr: number;
}

/**
 * Several schedules stepped together, their effects multiplying: `lr * prod_i(schedules[i](t) / lr)`.
 * PyTorch: `ChainedScheduler([s1, s2, ...])`, where every scheduler wraps the same optimizer.
 *
 * **Every part must be built with `lr` equal to this `lr`** (the optimizer's base rate, the one
 * PyTorch's schedulers read as `initial_lr`), exactly as each would be built alone for that
 * optimizer: `chained([constant({ lr: 0.1, factor: 0.1, totalIters: 2 }), exponential({ lr: 0.1, gamma: 0.9 })], { lr: 0.1 })`
 * is `ChainedScheduler([ConstantLR(opt, 0.1, 2), ExponentialLR(opt, 0.9)])` for `SGD(lr=0.1)`.
 * Each part then contributes its factor `schedules[i](t) / lr`.
 *
 * This is PyTorch's value wherever each part's step multiplies the current rate by a factor:
 * `constant`, `linear`, `stepDecay`, `multiStep`, `exponential`, `polynomial`, `multiplicative`,
 * and `cosineAnnealing` with `etaMin` 0 up to `tMax`. PyTorch's chain differs from a product for
 * parts that add to the rate (`cosineAnnealing` with `etaMin` > 0 or past `tMax`) and for parts
 * that set it outright (`oneCycle`, `cyclic`, `cosineWarmRestarts`); do not chain those.
 * `scaleSchedule(s, factor)` scales every part and `lr`.
 */
export function chained(schedules: readonly Schedule[], opts: ChainedOptions): ScalableSchedule {
  const fn = 'chained';
  if (!Array.isArray(schedules) || schedules.length === 0 || schedules.some((s) => typeof s !== 'function')) {
    throw new TypeError(`${fn}: schedules must be a non-empty array of functions (step) => lr, got ${show(schedules)}`);
  }
  const o = options(fn, opts);
  const lr = positive(fn, 'lr', o.lr);
  const list = schedules.slice();
  const schedule = (step: number): number => {
    const t = checkStep(fn, step);
    let v = (list[0] as Schedule)(t);
    for (let i = 1; i < list.length; i++) v *= (list[i] as Schedule)(t) / lr;
    return v;
  };
  return withScaled(schedule, (factor) => chained(list.map((s) => scaleSchedule(s, factor) as Schedule), { lr: lr * factor }));
}
