import { withScaled } from '@dl/core';
import type { Schedule } from '@dl/core';
import { withMomentum } from './internal/momentum.js';
import { checkStep, inRange, oneOf, options, positive, show } from './internal/validate.js';
import type { MomentumSchedule } from './momentum-schedule.js';

export type CyclicMode = 'triangular' | 'triangular2' | 'expRange';

export interface CyclicOptions {
  /** Lower bound of the cycle (> 0). */
  baseLr: number;
  /** Upper bound of the cycle (> 0). */
  maxLr: number;
  /** Steps in the increasing half (> 0). Default 2000. */
  stepSizeUp?: number;
  /** Steps in the decreasing half (> 0). Default `stepSizeUp`. */
  stepSizeDown?: number;
  /** `'triangular'`, `'triangular2'` (amplitude halves each cycle) or `'expRange'` (amplitude times gamma^t). Default `'triangular'`. PyTorch's `'exp_range'` is accepted too. */
  mode?: CyclicMode | 'exp_range';
  /** Factor per step of `'expRange'` (> 0; above 1 the amplitude grows, as PyTorch allows). Default 1. */
  gamma?: number;
  /** Custom amplitude scale; replaces `mode`. */
  scaleFn?: (x: number) => number;
  /** What `scaleFn` receives: the cycle number (from 1) or the step. Default `'cycle'`. */
  scaleMode?: 'cycle' | 'iterations';
  /** Cycle momentum inversely to the rate, between `maxMomentum` and `baseMomentum`; the schedule then has a `momentum` property. Default true. */
  cycleMomentum?: boolean;
  /** Momentum at the peak rate, in [0, 1). Default 0.8. */
  baseMomentum?: number;
  /** Momentum at `baseLr`, in [0, 1). Default 0.9. */
  maxMomentum?: number;
}

/**
 * Cyclical learning rates (Smith, 2017). PyTorch: `CyclicLR`.
 *
 * With `cycleMomentum` (the default, as in PyTorch) the schedule has a read-only `momentum`
 * schedule, `maxMomentum - (maxMomentum - baseMomentum) * (the rate's position in its cycle)`, the
 * value `CyclicLR` sets into SGD's `momentum`. `scaleSchedule(s, factor)` is the schedule with
 * `baseLr * factor` and `maxLr * factor` (PyTorch's per-group lists) and the same momentum.
 */
export function cyclic(opts: CyclicOptions): MomentumSchedule {
  const fn = 'cyclic';
  const o = options(fn, opts);
  const baseLr = positive(fn, 'baseLr', o.baseLr);
  const maxLr = positive(fn, 'maxLr', o.maxLr);
  const up = positive(fn, 'stepSizeUp', o.stepSizeUp ?? 2000);
  const down = positive(fn, 'stepSizeDown', o.stepSizeDown ?? up);
  const gamma = positive(fn, 'gamma', o.gamma ?? 1);
  let scale: (x: number) => number;
  let scaleMode: 'cycle' | 'iterations';
  if (o.scaleFn !== undefined) {
    if (typeof o.scaleFn !== 'function') throw new TypeError(`${fn}: scaleFn must be a function, got ${show(o.scaleFn)}`);
    scale = o.scaleFn;
    scaleMode = oneOf(fn, 'scaleMode', o.scaleMode ?? 'cycle', ['cycle', 'iterations'] as const);
  } else {
    const mode = oneOf(fn, 'mode', o.mode ?? 'triangular', ['triangular', 'triangular2', 'expRange', 'exp_range'] as const);
    if (mode === 'triangular') [scale, scaleMode] = [() => 1, 'cycle'];
    else if (mode === 'triangular2') [scale, scaleMode] = [(x) => 1 / 2 ** (x - 1), 'cycle'];
    else [scale, scaleMode] = [(x) => gamma ** x, 'iterations'];
  }
  const cycleMomentum = o.cycleMomentum ?? true;
  if (typeof cycleMomentum !== 'boolean') throw new TypeError(`${fn}: cycleMomentum must be a boolean, got ${show(cycleMomentum)}`);
  const baseMomentum = inRange(fn, 'baseMomentum', o.baseMomentum ?? 0.8, 0, 1, '[)');
  const maxMomentum = inRange(fn, 'maxMomentum', o.maxMomentum ?? 0.9, 0, 1, '[)');
  const totalSize = up + down;
  const stepRatio = up / totalSize;
  // Where step t is in its cycle (0 at baseLr, 1 at maxLr) and the amplitude's scale, as PyTorch's get_lr.
  const position = (step: number): [number, number] => {
    const t = checkStep(fn, step);
    const cycle = Math.floor(1 + t / totalSize);
    const x = 1 + t / totalSize - cycle;
    const factor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
    return [factor, scale(scaleMode === 'cycle' ? cycle : t)];
  };
  const lr: Schedule = (step) => {
    const [factor, s] = position(step);
    const height = (maxLr - baseLr) * factor;
    return baseLr + height * s;
  };
  const momentum: Schedule | undefined = cycleMomentum
    ? (step) => {
        const [factor, s] = position(step);
        const height = (maxMomentum - baseMomentum) * factor;
        return maxMomentum - height * s;
      }
    : undefined;
  return withMomentum(
    withScaled(lr, (f) => cyclic({ ...o, baseLr: baseLr * f, maxLr: maxLr * f })),
    momentum,
  );
}
