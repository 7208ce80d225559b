import type { Schedule } from '@dl/core';
import { checkStep, inRange, integer, options, positive } from './internal/validate.js';

export interface LinearOptions {
  /** Base learning rate (> 0). */
  lr: number;
  /** Multiplier at step 0, in (0, 1]. Default 1/3. */
  startFactor?: number;
  /** Multiplier from `totalIters` on, in [0, 1]. Default 1. */
  endFactor?: number;
  /** Steps over which the multiplier moves (integer >= 1). Default 5. */
  totalIters?: number;
}

/** `lr * (startFactor + (endFactor - startFactor) * min(t, totalIters) / totalIters)`. PyTorch: `LinearLR`. */
export function linear(opts: LinearOptions): Schedule {
  const o = options('linear', opts);
  const lr = positive('linear', 'lr', o.lr);
  const startFactor = inRange('linear', 'startFactor', o.startFactor ?? 1 / 3, 0, 1, '(]');
  const endFactor = inRange('linear', 'endFactor', o.endFactor ?? 1, 0, 1, '[]');
  const totalIters = integer('linear', 'totalIters', o.totalIters ?? 5, 1);
  return (step) =>
    lr * (startFactor + ((endFactor - startFactor) * Math.min(totalIters, checkStep('linear', step))) / totalIters);
}
