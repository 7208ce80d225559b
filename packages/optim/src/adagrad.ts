import type { ScalarOrSchedule } from '@dl/core';
import { checkNonNegative, checkPositive } from './internal/check.js';
import { withLr, checkCommon, torchShape } from './internal/parts.js';
import { injectHyperparams } from './inject-hyperparams.js';
import type { InjectedTransformation } from './inject-hyperparams.js';
import { scaleByRss } from './scale-by-rss.js';

export interface AdagradOptions {
  /** default 1e-2 */
  lr?: ScalarOrSchedule;
  /** lr / (1 + (t - 1) lrDecay), t counted per parameter as PyTorch's; default 0 */
  lrDecay?: number;
  /** default 0 */
  weightDecay?: number;
  /** default 0 */
  initialAccumulatorValue?: number;
  /** default 1e-10 */
  eps?: number;
  /** default false */
  maximize?: boolean;
}

const KEYS = ['lr', 'lrDecay', 'weightDecay', 'initialAccumulatorValue', 'eps', 'maximize'];

function build(options: AdagradOptions) {
  const { lr = 1e-2, lrDecay = 0, weightDecay = 0, initialAccumulatorValue = 0, eps = 1e-10, maximize = false } = options;
  checkCommon('adagrad', options, KEYS, lr, weightDecay, maximize);
  checkNonNegative('adagrad', 'lrDecay', lrDecay);
  checkNonNegative('adagrad', 'initialAccumulatorValue', initialAccumulatorValue);
  checkPositive('adagrad', 'eps', eps);
  return torchShape({ lr, lrDecay, weightDecay, maximize }, scaleByRss({ initialAccumulatorValue, eps }));
}

/** `torch.optim.Adagrad`. */
export function adagrad(options: AdagradOptions = {}): InjectedTransformation<AdagradOptions> {
  return injectHyperparams(build)(withLr(options, 1e-2));
}
