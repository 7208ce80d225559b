import type { Schedule } from '@dl/core';
import { checkStep, options, positive } from './internal/validate.js';

export interface BengioOptions {
  /** Initial learning rate eps0 (> 0). */
  lr: number;
  /** Steps the rate stays at `lr` before decaying as 1/t (> 0). */
  tau: number;
}

/** `lr * tau / max(t, tau)` (Bengio, 2012). PyTorch: `LambdaLR(opt, lambda t: tau / max(t, tau))`. */
export function bengio(opts: BengioOptions): Schedule {
  const o = options('bengio', opts);
  const lr = positive('bengio', 'lr', o.lr);
  const tau = positive('bengio', 'tau', o.tau);
  return (step) => lr * (tau / Math.max(checkStep('bengio', step), tau));
}
