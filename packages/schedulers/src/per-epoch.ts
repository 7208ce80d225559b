import { scaleSchedule, withScaled } from '@dl/core';
import type { ScalableSchedule, Schedule } from '@dl/core';
import { checkStep, integer, show } from './internal/validate.js';

function check(fn: string, schedule: Schedule, stepsPerEpoch: number): number {
  if (typeof schedule !== 'function') throw new TypeError(`${fn}: schedule must be a function (step) => lr, got ${show(schedule)}`);
  return integer(fn, 'stepsPerEpoch', stepsPerEpoch, 1);
}

/**
 * A schedule of the optimizer's update count that follows `schedule` once per epoch:
 * update `u` gets `schedule(floor(u / stepsPerEpoch))`, as calling PyTorch's `scheduler.step()`
 * after every epoch does. `scaleSchedule(s, factor)` scales `schedule`.
 */
export function perEpoch(schedule: Schedule, stepsPerEpoch: number): ScalableSchedule {
  const n = check('perEpoch', schedule, stepsPerEpoch);
  return withScaled(
    (step) => schedule(Math.floor(checkStep('perEpoch', step) / n)),
    (factor) => perEpoch(scaleSchedule(schedule, factor) as Schedule, n),
  );
}

/**
 * Per-batch fractional epochs: update `u` (batch `i` of epoch `e`) gets `schedule(e + i / stepsPerEpoch)`,
 * computed as PyTorch's `scheduler.step(epoch + i / iters)` computes it. Only for schedules that
 * accept fractional steps (`cosineWarmRestarts`, `lambda`). `scaleSchedule(s, factor)` scales `schedule`.
 */
export function perEpochFractional(schedule: Schedule, stepsPerEpoch: number): ScalableSchedule {
  const n = check('perEpochFractional', schedule, stepsPerEpoch);
  return withScaled(
    (step) => {
      const u = checkStep('perEpochFractional', step);
      return schedule(Math.floor(u / n) + (u % n) / n);
    },
    (factor) => perEpochFractional(scaleSchedule(schedule, factor) as Schedule, n),
  );
}
