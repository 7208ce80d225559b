import { scaleSchedule, withScaled } from '@dl/core';
import type { ScalableSchedule, Schedule } from '@dl/core';
import { checkStep, increasingIntegers, show } from './internal/validate.js';

/**
 * `schedules[0]` until `milestones[0]`, then `schedules[1]` restarted at its step 0, and so on.
 * PyTorch: `SequentialLR(opt, schedulers, milestones)`. `scaleSchedule(s, factor)` scales every part.
 */
export function sequential(schedules: readonly Schedule[], milestones: readonly number[]): ScalableSchedule {
  const fn = 'sequential';
  if (!Array.isArray(schedules) || schedules.length === 0 || schedules.some((s) => typeof s !== 'function')) {
    throw new TypeError(`${fn}: schedules must be a non-empty array of functions (step) => lr, got ${show(schedules)}`);
  }
  const ms = increasingIntegers(fn, 'milestones', milestones, 1);
  if (ms.length !== schedules.length - 1) {
    throw new RangeError(`${fn}: expected ${schedules.length - 1} milestones for ${schedules.length} schedules, got ${ms.length}`);
  }
  const list = schedules.slice();
  const schedule = (step: number): number => {
    const t = checkStep(fn, step);
    let i = 0;
    while (i < ms.length && (ms[i] as number) <= t) i++;
    return (list[i] as Schedule)(i === 0 ? t : t - (ms[i - 1] as number));
  };
  return withScaled(schedule, (factor) => sequential(list.map((s) => scaleSchedule(s, factor) as Schedule), ms));
}

/** Alias of {@link sequential}: join schedules at milestones. */
export const join = sequential;
