import { scaleSchedule, withScaled } from '@dl/core';
import type { ScalableSchedule, Schedule } from '@dl/core';
import { checkStep, inRange, integer, oneOf, options, positive, show } from './internal/validate.js';

export interface WarmupOptions {
  /** Length of the warm-up in steps (integer >= 1); `schedule` starts (at its own step 0) on this step. */
  steps: number;
  /** Multiplier of the target rate at step 0, in (0, 1]. Default 1/3 (PyTorch's LinearLR/ConstantLR default). */
  startFactor?: number;
  /** `'linear'` (LinearLR), `'constant'` (ConstantLR) or `'exponential'` (geometric ramp). Default `'linear'`. */
  mode?: 'linear' | 'constant' | 'exponential';
  /** Rate the warm-up leads up to (> 0). Default `schedule(0)`. */
  lr?: number;
}

/**
 * Warm up into `schedule` over `steps` steps. Linear: `lr * (startFactor + (1 - startFactor) t / steps)`;
 * constant: `lr * startFactor`; exponential: `lr * startFactor^(1 - t / steps)`; then `schedule(t - steps)`.
 * PyTorch: `SequentialLR(opt, [LinearLR(opt, startFactor, 1.0, steps), X], milestones=[steps])`.
 *
 * `scaleSchedule(w, factor)` warms up to `lr * factor` into `scaleSchedule(schedule, factor)`.
 */
export function warmup(schedule: Schedule, opts: WarmupOptions): ScalableSchedule {
  const fn = 'warmup';
  if (typeof schedule !== 'function') throw new TypeError(`${fn}: schedule must be a function (step) => lr, got ${show(schedule)}`);
  const o = options(fn, opts);
  const steps = integer(fn, 'steps', o.steps, 1);
  const startFactor = inRange(fn, 'startFactor', o.startFactor ?? 1 / 3, 0, 1, '(]');
  const mode = oneOf(fn, 'mode', o.mode ?? 'linear', ['linear', 'constant', 'exponential'] as const);
  const lr = o.lr === undefined ? positive(fn, 'schedule(0)', schedule(0)) : positive(fn, 'lr', o.lr);
  const warm = (step: number): number => {
    const t = checkStep(fn, step);
    if (t >= steps) return schedule(t - steps);
    if (mode === 'constant') return lr * startFactor;
    if (mode === 'exponential') return lr * startFactor ** (1 - t / steps);
    return lr * (startFactor + ((1 - startFactor) * t) / steps);
  };
  return withScaled(warm, (factor) =>
    warmup(scaleSchedule(schedule, factor) as Schedule, { steps, startFactor, mode, lr: o.lr === undefined ? undefined : lr * factor }),
  );
}
