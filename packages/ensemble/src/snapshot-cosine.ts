import { withScaled } from '@dl/core';
import type { ScalableSchedule } from '@dl/core';
import { checkInt, checkOptions, show } from './internal/checks.js';

export interface SnapshotCosineOptions {
  /** The rate at the start of every cycle, `a0` (> 0). */
  lr: number;
  /** The training budget `T` in steps (integer >= 1). */
  totalSteps: number;
  /** The number of cycles `M`, one snapshot each (integer in [1, totalSteps]). */
  cycles: number;
}

/**
 * Snapshot ensembles' cyclic cosine schedule (Huang et al. 2017, eq. 2):
 * `a(t) = a0 / 2 · (cos(π · mod(t − 1, ⌈T/M⌉) / ⌈T/M⌉) + 1)` for the 1-based iteration `t`, as a
 * schedule of the 0-based step (`t = step + 1`). It is SGDR with a fixed period and no floor:
 * `cosineWarmRestarts({lr: a0, t0: ⌈T/M⌉})` of @dl/schedulers (PyTorch's
 * `CosineAnnealingWarmRestarts(T_0=⌈T/M⌉)`), which the tests check value for value.
 */
export function snapshotCosine(options: SnapshotCosineOptions): ScalableSchedule {
  const fn = 'snapshotCosine';
  if (options === null || typeof options !== 'object') throw new TypeError(`${fn}: expected {lr, totalSteps, cycles}, got ${show(options)}`);
  const o = checkOptions(fn, options, ['lr', 'totalSteps', 'cycles']);
  if (typeof o.lr !== 'number' || !(o.lr > 0) || !Number.isFinite(o.lr)) throw new RangeError(`${fn}: lr must be a finite number > 0, got ${show(o.lr)}`);
  const totalSteps = checkInt(fn, 'totalSteps', o.totalSteps, 1);
  const cycles = checkInt(fn, 'cycles', o.cycles, 1);
  if (cycles > totalSteps) throw new RangeError(`${fn}: cycles (${cycles}) must be <= totalSteps (${totalSteps})`);
  const period = Math.ceil(totalSteps / cycles);
  const lr = o.lr;
  const schedule = (step: number): number => {
    if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) throw new RangeError(`${fn}: step must be an integer >= 0, got ${show(step)}`);
    return (lr / 2) * (Math.cos((Math.PI * (step % period)) / period) + 1);
  };
  return withScaled(schedule, (f) => snapshotCosine({ lr: lr * f, totalSteps, cycles }));
}
