import type { Schedule } from '@dl/core';
import { options, positive, show } from './internal/validate.js';

export interface LambdaOptions {
  /** Base learning rate: the schedule is `lr * fn(t)` (> 0). Without it, `fn(t)` is the rate. */
  lr?: number;
}

/** A schedule from a function of the step. With `lr`: `lr * fn(t)`, PyTorch's `LambdaLR`. */
export function lambda(fn: (step: number) => number, opts: LambdaOptions = {}): Schedule {
  if (typeof fn !== 'function') throw new TypeError(`lambda: fn must be a function (step) => number, got ${show(fn)}`);
  const o = options('lambda', opts);
  const lr = o.lr === undefined ? undefined : positive('lambda', 'lr', o.lr);
  return (step) => {
    if (typeof step !== 'number' || !(step >= 0) || !Number.isFinite(step)) {
      throw new RangeError(`lambda: step must be a finite number >= 0, got ${show(step)}`);
    }
    const v = fn(step);
    if (typeof v !== 'number' || Number.isNaN(v)) throw new TypeError(`lambda: fn(${step}) must return a number, got ${show(v)}`);
    return lr === undefined ? v : lr * v;
  };
}
