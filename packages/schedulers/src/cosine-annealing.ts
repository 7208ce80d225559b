import { withScaled } from '@dl/core';
import type { ScalableSchedule } from '@dl/core';
import { checkStep, integer, nonNegative, options, positive } from './internal/validate.js';

export interface CosineAnnealingOptions {
  /** Initial (maximum) learning rate (> 0). */
  lr: number;
  /** Half-period in steps (integer >= 1). */
  tMax: number;
  /** Minimum learning rate (>= 0). Default 0. */
  etaMin?: number;
}

// Steps up to which PyTorch's recursion is replayed (and remembered); beyond, the closed form,
// which equals it up to float64 rounding.
const RECURSION_LIMIT = 1 << 20;

/**
 * `etaMin + (lr - etaMin) (1 + cos(pi t / tMax)) / 2`, continuing past `tMax` as PyTorch does
 * (back up to `lr` at `2 tMax`, and so on). PyTorch: `CosineAnnealingLR`.
 *
 * `etaMin` is absolute: for a parameter group with a base rate `factor` times `lr`,
 * `scaleSchedule(s, factor)` gives `cosineAnnealing({ lr: lr * factor, tMax, etaMin })`, as PyTorch
 * computes that group (one `eta_min` for every group).
 */
export function cosineAnnealing(opts: CosineAnnealingOptions): ScalableSchedule {
  const o = options('cosineAnnealing', opts);
  const lr = positive('cosineAnnealing', 'lr', o.lr);
  const tMax = integer('cosineAnnealing', 'tMax', o.tMax, 1);
  const etaMin = nonNegative('cosineAnnealing', 'etaMin', o.etaMin ?? 0);
  // PyTorch's chainable form, replayed exactly so every value rounds as it does there.
  const memo: number[] = [lr];
  const restartStep = ((lr - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2;
  const schedule = (step: number): number => {
    const t = checkStep('cosineAnnealing', step);
    if (t > RECURSION_LIMIT) return etaMin + ((lr - etaMin) * (1 + Math.cos((t * Math.PI) / tMax))) / 2;
    for (let e = memo.length; e <= t; e++) {
      const prev = memo[e - 1] as number;
      memo.push(
        (e - 1 - tMax) % (2 * tMax) === 0
          ? prev + restartStep
          : ((1 + Math.cos((Math.PI * e) / tMax)) / (1 + Math.cos((Math.PI * (e - 1)) / tMax))) * (prev - etaMin) + etaMin,
      );
    }
    return memo[t] as number;
  };
  return withScaled(schedule, (factor) => cosineAnnealing({ lr: lr * factor, tMax, etaMin }));
}
