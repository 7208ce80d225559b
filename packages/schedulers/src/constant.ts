import type { Schedule } from '@dl/core';
import { checkStep, inRange, integer, options, positive } from './internal/validate.js';

export interface ConstantOptions {
  /** Initial learning rate (> 0). */
  lr: number;
  /** Multiplier applied until `totalIters`, in (0, 1]. Default 1/3. */
  factor?: number;
  /** Number of steps the factor applies for (integer >= 1). Default 5. */
  totalIters?: number;
}

/** `lr * factor` for the first `totalIters` steps, then `lr`. PyTorch: `ConstantLR`. */
export function constant(opts: ConstantOptions): Schedule {
  const o = options('constant', opts);
  const lr = positive('constant', 'lr', o.lr);
  const factor = inRange('constant', 'factor', o.factor ?? 1 / 3, 0, 1, '(]');
  const totalIters = integer('constant', 'totalIters', o.totalIters ?? 5, 1);
  const low = lr * factor;
  // PyTorch's chainable form multiplies back by 1/factor, which need not round to lr exactly.
  const high = low * (1 / factor);
  return (step) => (checkStep('constant', step) < totalIters ? low : high);
}
