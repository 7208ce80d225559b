import type { Schedule } from '@dl/core';
import { checkStep, inRange, options, positive, show } from './internal/validate.js';

export interface ExponentialOptions {
  /** Initial learning rate (> 0). */
  lr: number;
  /** Factor per step (> 0; above 1 the rate grows, as PyTorch allows). Give this or `alpha`. */
  gamma?: number;
  /** Decay in percent per step, in [0, 100): the notes' `lr * (1 - alpha/100)^t`. */
  alpha?: number;
}

/** `lr * gamma^t`, or with `alpha`, `lr * (1 - alpha/100)^t`. PyTorch: `ExponentialLR`. */
export function exponential(opts: ExponentialOptions): Schedule {
  const o = options('exponential', opts);
  const lr = positive('exponential', 'lr', o.lr);
  if ((o.gamma === undefined) === (o.alpha === undefined)) {
    throw new TypeError(`exponential: give exactly one of gamma and alpha, got gamma ${show(o.gamma)} and alpha ${show(o.alpha)}`);
  }
  const gamma =
    o.gamma !== undefined
      ? positive('exponential', 'gamma', o.gamma)
      : 1 - inRange('exponential', 'alpha', o.alpha, 0, 100, '[)') / 100;
  return (step) => lr * gamma ** checkStep('exponential', step);
}
