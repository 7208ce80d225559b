import type { Schedule } from '@dl/core';
import { checkStep, options, positive, show } from './internal/validate.js';

export interface MultiplicativeOptions {
  /** Initial learning rate (> 0). */
  lr: number;
}

// Every CHECKPOINT-th value is remembered, so a step far back is replayed from the nearest one
// rather than from 0; stepping forward continues from the last value asked for.
const CHECKPOINT = 1024;

/**
 * `lr * fn(1) * fn(2) * ... * fn(t)`: the rate of the previous step times the factor `fn(t)`,
 * multiplied in PyTorch's order so every value rounds as it does there. `fn` is called with
 * integer steps >= 1 and must return finite numbers >= 0. PyTorch: `MultiplicativeLR`.
 */
export function multiplicative(fn: (step: number) => number, opts: MultiplicativeOptions): Schedule {
  const name = 'multiplicative';
  if (typeof fn !== 'function') throw new TypeError(`${name}: fn must be a function (step) => factor, got ${show(fn)}`);
  const o = options(name, opts);
  const lr = positive(name, 'lr', o.lr);
  const factor = (k: number): number => {
    const v = fn(k);
    if (typeof v !== 'number' || Number.isNaN(v)) throw new TypeError(`${name}: fn(${k}) must return a number, got ${show(v)}`);
    if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`${name}: fn(${k}) must return a finite number >= 0, got ${show(v)}`);
    return v;
  };
  const checkpoints: number[] = [lr]; // checkpoints[i] is the value at step i * CHECKPOINT
  let lastStep = 0;
  let lastValue = lr;
  return (step) => {
    const t = checkStep(name, step);
    const c = Math.min(Math.floor(t / CHECKPOINT), checkpoints.length - 1);
    let e = c * CHECKPOINT;
    let v = checkpoints[c] as number;
    if (lastStep <= t && lastStep > e) [e, v] = [lastStep, lastValue];
    while (e < t) {
      e += 1;
      v *= factor(e);
      if (e === checkpoints.length * CHECKPOINT) checkpoints.push(v);
    }
    [lastStep, lastValue] = [t, v];
    return v;
  };
}
