import type { Schedule } from '@dl/core';
import { show } from './internal/validate.js';

/** The values of `schedule` at steps `0..steps-1`, or at the given steps (for plots and tables). */
export function sample(schedule: Schedule, steps: number | readonly number[]): number[] {
  if (typeof schedule !== 'function') throw new TypeError(`sample: schedule must be a function (step) => lr, got ${show(schedule)}`);
  if (typeof steps === 'number') {
    if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`sample: steps must be an integer >= 0 or an array of steps, got ${show(steps)}`);
    return Array.from({ length: steps }, (_, t) => schedule(t));
  }
  if (!Array.isArray(steps)) throw new TypeError(`sample: steps must be an integer >= 0 or an array of steps, got ${show(steps)}`);
  return steps.map((t) => schedule(t));
}
