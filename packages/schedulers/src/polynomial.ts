import type { Schedule } from '@dl/core';
import { checkStep, integer, options, positive } from './internal/validate.js';

export interface PolynomialOptions {
  /** Initial learning rate (> 0). */
  lr: number;
  /** Steps until the rate reaches 0 (integer >= 1). Default 5. */
  totalIters?: number;
  /** Power of the polynomial (> 0). Default 1. */
  power?: number;
}

/** `lr * (1 - min(t, totalIters) / totalIters)^power`. PyTorch: `PolynomialLR`. */
export function polynomial(opts: PolynomialOptions): Schedule {
  const o = options('polynomial', opts);
  const lr = positive('polynomial', 'lr', o.lr);
  const totalIters = integer('polynomial', 'totalIters', o.totalIters ?? 5, 1);
  const power = positive('polynomial', 'power', o.power ?? 1);
  return (step) => lr * (1 - Math.min(totalIters, checkStep('polynomial', step)) / totalIters) ** power;
}
