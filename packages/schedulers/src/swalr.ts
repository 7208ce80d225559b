import { withScaled } from '@dl/core';
import type { ScalableSchedule } from '@dl/core';
import { checkStep, integer, oneOf, options, positive } from './internal/validate.js';

export interface SwalrOptions {
  /** The learning rate when SWALR starts (the optimizer's rate then; > 0). */
  lr: number;
  /** The constant SWA learning rate reached after the annealing (> 0). PyTorch: `swa_lr`. */
  swaLr: number;
  /** Steps (epochs, as PyTorch steps it) of annealing from `lr` to `swaLr` (integer >= 0). Default 10. */
  annealEpochs?: number;
  /** `'cos'` (default) or `'linear'`. PyTorch: `anneal_strategy`. */
  annealStrategy?: 'cos' | 'linear';
}

const anneal = {
  cos: (t: number) => (1 - Math.cos(Math.PI * t)) / 2,
  linear: (t: number) => t,
};

/**
 * The SWA learning rate: from `lr` to `swaLr` over `annealEpochs` steps (cosine or linear), then
 * constant at `swaLr`. PyTorch: `torch.optim.swa_utils.SWALR`, whose chainable recursion (each
 * value derived from the previous one through `_get_initial_lr`) is replayed exactly, so values
 * round as they do there. With `annealEpochs: 0` the first value is already `swaLr`, as in PyTorch.
 *
 * Both rates are absolute per group in PyTorch (`swa_lr` may be one per group);
 * `scaleSchedule(s, factor)` scales both.
 */
export function swalr(opts: SwalrOptions): ScalableSchedule {
  const o = options('swalr', opts);
  const lr = positive('swalr', 'lr', o.lr);
  const swaLr = positive('swalr', 'swaLr', o.swaLr);
  const annealEpochs = integer('swalr', 'annealEpochs', o.annealEpochs ?? 10, 0);
  const fn = anneal[oneOf('swalr', 'annealStrategy', o.annealStrategy ?? 'cos', ['cos', 'linear'] as const)];
  // PyTorch's get_lr at `_step_count - 1 = step`, from the group's current rate `prev`.
  const next = (prev: number, stepCount: number): number => {
    const step = annealEpochs === 0 ? Math.max(1, stepCount) : stepCount;
    const prevAlpha = fn(Math.max(0, Math.min(1, (step - 1) / Math.max(1, annealEpochs))));
    const prevLr = prevAlpha === 1 ? swaLr : (prev - prevAlpha * swaLr) / (1 - prevAlpha);
    const alpha = fn(Math.max(0, Math.min(1, step / Math.max(1, annealEpochs))));
    return swaLr * alpha + prevLr * (1 - alpha);
  };
  // Past the annealing every value is `swaLr` (alpha = 1 twice in a row), so the replay is short.
  const memo: number[] = [next(lr, 0)];
  const schedule = (t: number): number => {
    const step = checkStep('swalr', t);
    if (step > annealEpochs + 1) return swaLr;
    for (let s = memo.length; s <= step; s++) memo.push(next(memo[s - 1]!, s));
    return memo[step]!;
  };
  return withScaled(schedule, (factor) => swalr({ lr: lr * factor, swaLr: swaLr * factor, annealEpochs, annealStrategy: o.annealStrategy ?? 'cos' }));
}
