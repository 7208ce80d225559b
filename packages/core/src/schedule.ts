import { show } from './internal/errors.js';

/** A learning-rate (or any hyper-parameter) schedule: a pure function of the step count, no tensors. */
export type Schedule = (step: number) => number;

/** What every option that can follow a schedule accepts. */
export type ScalarOrSchedule = number | Schedule;

/**
 * A schedule that knows how to remake itself for a parameter group whose base learning rate is
 * `factor` times the one it was built with. PyTorch's schedulers compute every group's rate from
 * that group's own `initial_lr`; for most schedules that is the same as multiplying the values by
 * `factor`, but not where a schedule has an absolute floor or offset (`eta_min` of cosine
 * annealing): those attach `scaled` and rebuild themselves from the scaled base.
 */
export interface ScalableSchedule extends Schedule {
  scaled?(factor: number): Schedule;
}

/** The value of a number-or-schedule option at `step`; `name` goes into the error for a non-finite value. */
export function scheduleValue(value: ScalarOrSchedule, step: number, name = 'value'): number {
  const v = typeof value === 'function' ? value(step) : value;
  if (typeof v !== 'number' || Number.isNaN(v)) {
    throw new TypeError(`${name} must be a number or a schedule returning numbers, got ${show(v)}${typeof value === 'function' ? ` at step ${step}` : ''}`);
  }
  return v;
}

/**
 * `schedule` for a group whose base rate is `factor` times the schedule's: the schedule's own
 * `scaled(factor)` when it has one (see `ScalableSchedule`), else its values times `factor`.
 * A number is multiplied. `factor` 1 returns the input unchanged.
 */
export function scaleSchedule(schedule: ScalarOrSchedule, factor: number): ScalarOrSchedule {
  if (!(typeof factor === 'number' && Number.isFinite(factor) && factor >= 0)) {
    throw new RangeError(`scaleSchedule: factor must be a finite number >= 0, got ${show(factor)}`);
  }
  if (factor === 1) return schedule;
  if (typeof schedule === 'number') return schedule * factor;
  const own = (schedule as ScalableSchedule).scaled;
  if (typeof own === 'function') return own.call(schedule, factor);
  const out: ScalableSchedule = (step) => schedule(step) * factor;
  out.scaled = (f) => scaleSchedule(schedule, factor * f) as Schedule;
  return out;
}

/**
 * Attaches `scaled` to a schedule: `rebuild(factor)` makes the same schedule for a base rate
 * `factor` times larger. Schedules built from others (warm-up, sequences, per-epoch adapters)
 * use it to pass the scaling on to their parts.
 */
export function withScaled(schedule: Schedule, rebuild: (factor: number) => Schedule): ScalableSchedule {
  const s = schedule as ScalableSchedule;
  s.scaled = rebuild;
  return s;
}

/**
 * `schedule` started `offset` steps late: step `t` of the result is step `t - offset` of
 * `schedule` (and its step 0 before that). Keeps `scaled`.
 */
export function shiftSchedule(schedule: ScalarOrSchedule, offset: number): ScalarOrSchedule {
  if (!Number.isInteger(offset)) throw new RangeError(`shiftSchedule: offset must be an integer, got ${show(offset)}`);
  if (typeof schedule === 'number' || offset === 0) return schedule;
  const out: ScalableSchedule = (step) => schedule(Math.max(0, step - offset));
  out.scaled = (f) => shiftSchedule(scaleSchedule(schedule, f), offset) as Schedule;
  return out;
}
