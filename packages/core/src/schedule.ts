import { show } from './internal/errors.js';

/** A learning-rate (or any hyper-parameter) schedule: a pure function of the step count, no tensors. */
export type Schedule = (step: number) => number;

/** What every option that can follow a schedule accepts. */
export type ScalarOrSchedule = number | Schedule;

/** The value of a number-or-schedule option at `step`; `name` goes into the error for a non-finite value. */
export function scheduleValue(value: ScalarOrSchedule, step: number, name = 'value'): number {
  const v = typeof value === 'function' ? value(step) : value;
  if (typeof v !== 'number' || Number.isNaN(v)) {
    throw new TypeError(`${name} must be a number or a schedule returning numbers, got ${show(v)}${typeof value === 'function' ? ` at step ${step}` : ''}`);
  }
  return v;
}
