import type { Schedule } from '@dl/core';
import { checkStep, integer, options, positive } from './internal/validate.js';

export interface StepDecayOptions {
  /** Initial learning rate (> 0). */
  lr: number;
  /** Period of the decay in steps (integer >= 1). */
  stepSize: number;
  /** Multiplicative factor (> 0; above 1 the rate grows, as PyTorch allows). Default 0.1. */
  gamma?: number;
}

/** `lr * gamma^floor(t / stepSize)`. PyTorch: `StepLR`. */
export function stepDecay(opts: StepDecayOptions): Schedule {
  const o = options('stepDecay', opts);
  const lr = positive('stepDecay', 'lr', o.lr);
  const stepSize = integer('stepDecay', 'stepSize', o.stepSize, 1);
  const gamma = positive('stepDecay', 'gamma', o.gamma ?? 0.1);
  return (step) => lr * gamma ** Math.floor(checkStep('stepDecay', step) / stepSize);
}
