import { tf } from '@dl/core';
import { checkNumberIn } from './internal/checks.js';
import type { AvgFn } from './get-swa-avg-fn.js';

/**
 * The exponential moving average `decay · averaged + (1 − decay) · current` (Polyak averaging;
 * the notes' `w_test = 0.95 w_test + 0.05 w` is `getEmaAvgFn(0.95)`). PyTorch:
 * `torch.optim.swa_utils.get_ema_avg_fn(decay=0.999)` (2.1+). As there, `AveragedModel` copies
 * the weights on the first update and applies this from the second.
 */
export function getEmaAvgFn(decay = 0.999): AvgFn {
  checkNumberIn('getEmaAvgFn', 'decay', decay, 0, 1);
  return (averaged, current) => tf.tidy(() => tf.add(tf.mul(averaged, decay), tf.mul(current, 1 - decay)));
}
