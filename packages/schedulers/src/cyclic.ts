import type { Schedule } from '@dl/core';
import { checkStep, inRange, oneOf, options, positive, show } from './internal/validate.js';

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
  /** Decay of `'expRange'`, in (0, 1]. Default 1. */
  gamma?: number;
  /** Custom amplitude scale; replaces `mode`. */
  scaleFn?: (x: number) => number;
  /** What `scaleFn` receives: the cycle number (from 1) or the step. Default `'cycle'`. */
  scaleMode?: 'cycle' | 'iterations';
}

/** Cyclical learning rates (Smith, 2017). PyTorch: `CyclicLR` (learning rate only, no momentum). */
export function cyclic(opts: CyclicOptions): Schedule {
  const fn = 'cyclic';
  const o = options(fn, opts);
  const baseLr = positive(fn, 'baseLr', o.baseLr);
  const maxLr = positive(fn, 'maxLr', o.maxLr);
  const up = positive(fn, 'stepSizeUp', o.stepSizeUp ?? 2000);
  const down = positive(fn, 'stepSizeDown', o.stepSizeDown ?? up);
  const gamma = inRange(fn, 'gamma', o.gamma ?? 1, 0, 1, '(]');
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
  const totalSize = up + down;
  const stepRatio = up / totalSize;
  return (step) => {
    const t = checkStep(fn, step);
    const cycle = Math.floor(1 + t / totalSize);
    const x = 1 + t / totalSize - cycle;
    const factor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
    const height = (maxLr - baseLr) * factor;
    return baseLr + height * scale(scaleMode === 'cycle' ? cycle : t);
  };
}
