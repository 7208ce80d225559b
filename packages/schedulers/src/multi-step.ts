import type { Schedule } from '@dl/core';
import { checkStep, increasingIntegers, options, positive } from './internal/validate.js';

export interface MultiStepOptions {
  /** Initial learning rate (> 0). */
  lr: number;
  /** Steps at which the rate is multiplied by gamma: strictly increasing integers >= 0. */
  milestones: number[];
  /** Multiplicative factor (> 0; above 1 the rate grows, as PyTorch allows). Default 0.1. */
  gamma?: number;
}

/** `lr * gamma^(number of milestones <= t)`. PyTorch: `MultiStepLR`. */
export function multiStep(opts: MultiStepOptions): Schedule {
  const o = options('multiStep', opts);
  const lr = positive('multiStep', 'lr', o.lr);
  const milestones = increasingIntegers('multiStep', 'milestones', o.milestones, 0);
  const gamma = positive('multiStep', 'gamma', o.gamma ?? 0.1);
  return (step) => {
    const t = checkStep('multiStep', step);
    let passed = 0;
    while (passed < milestones.length && (milestones[passed] as number) <= t) passed++;
    return lr * gamma ** passed;
  };
}
