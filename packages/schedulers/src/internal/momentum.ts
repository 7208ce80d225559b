import type { ScalableSchedule, Schedule } from '@dl/core';
import type { MomentumSchedule } from '../momentum-schedule.js';

/** Attaches a read-only `momentum` schedule (when there is one) to a learning-rate schedule. */
export function withMomentum(schedule: ScalableSchedule, momentum: Schedule | undefined): MomentumSchedule {
  if (momentum !== undefined) Object.defineProperty(schedule, 'momentum', { value: momentum, enumerable: true, writable: false, configurable: false });
  return schedule;
}
