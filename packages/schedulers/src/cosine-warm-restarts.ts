import { withScaled } from '@dl/core';
import type { ScalableSchedule } from '@dl/core';
import { checkStep, integer, nonNegative, options, positive } from './internal/validate.js';

export interface CosineWarmRestartsOptions {
  /** Initial (maximum) learning rate (> 0). */
  lr: number;
  /** Length of the first period in steps (integer >= 1). */
  t0: number;
  /** Factor by which each period is longer than the last (integer >= 1). Default 1. */
  tMult?: number;
  /** Minimum learning rate (>= 0). Default 0. */
  etaMin?: number;
}

/**
 * SGDR: cosine annealing from `lr` to `etaMin` over `t0` steps, then restarting at `lr` with
 * periods `t0 * tMult^i`. Accepts fractional steps (`epoch + i / iters`) as PyTorch's
 * `scheduler.step(epoch)` does. PyTorch: `CosineAnnealingWarmRestarts`.
 *
 * `etaMin` is absolute: `scaleSchedule(s, factor)` gives the schedule with `lr * factor` and the
 * same `etaMin`, as PyTorch computes a parameter group with that base rate.
 */
export function cosineWarmRestarts(opts: CosineWarmRestartsOptions): ScalableSchedule {
  const o = options('cosineWarmRestarts', opts);
  const lr = positive('cosineWarmRestarts', 'lr', o.lr);
  const t0 = integer('cosineWarmRestarts', 't0', o.t0, 1);
  const tMult = integer('cosineWarmRestarts', 'tMult', o.tMult ?? 1, 1);
  const etaMin = nonNegative('cosineWarmRestarts', 'etaMin', o.etaMin ?? 0);
  const value = (tCur: number, tI: number) => etaMin + ((lr - etaMin) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2;
  const schedule = (step: number): number => {
    const t = checkStep('cosineWarmRestarts', step, true);
    if (Number.isInteger(t)) {
      // What repeated step() calls reach: exact integer bookkeeping of the period.
      if (tMult === 1) return value(t % t0, t0);
      let tCur = t;
      let tI = t0;
      while (tCur >= tI) {
        tCur -= tI;
        tI *= tMult;
      }
      return value(tCur, tI);
    }
    // step(epoch) with a fractional epoch: PyTorch's closed form, logarithm included.
    if (t < t0) return value(t, t0);
    if (tMult === 1) return value(t % t0, t0);
    const n = Math.trunc(Math.log((t / t0) * (tMult - 1) + 1) / Math.log(tMult));
    return value(t - (t0 * (tMult ** n - 1)) / (tMult - 1), t0 * tMult ** n);
  };
  return withScaled(schedule, (factor) => cosineWarmRestarts({ lr: lr * factor, t0, tMult, etaMin }));
}
