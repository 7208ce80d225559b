import type { Schedule } from '@dl/core';
import { checkStep, nonNegative, options, positive } from './internal/validate.js';

export interface InverseTimeOptions {
  /** Initial learning rate (> 0). */
  lr: number;
  /** Decay rate (>= 0). */
  k: number;
}

/** `lr / (1 + k t)`, the notes' 1/t decay. PyTorch: `LambdaLR(opt, lambda t: 1 / (1 + k * t))`. */
export function inverseTime(opts: InverseTimeOptions): Schedule {
  const o = options('inverseTime', opts);
  const lr = positive('inverseTime', 'lr', o.lr);
  const k = nonNegative('inverseTime', 'k', o.k);
  return (step) => lr * (1 / (1 + k * checkStep('inverseTime', step)));
}
