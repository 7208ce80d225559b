import type { ScalarOrSchedule } from '@dl/core';
import { checkBetas, checkPositive } from './internal/check.js';
import { withLr, checkCommon, torchShape } from './internal/parts.js';
import { injectHyperparams } from './inject-hyperparams.js';
import type { InjectedTransformation } from './inject-hyperparams.js';
import { scaleByAdamax } from './scale-by-adamax.js';

export interface AdamaxOptions {
  /** default 2e-3 */
  lr?: ScalarOrSchedule;
  /** default [0.9, 0.999] */
  betas?: readonly [number, number];
  /** default 1e-8 */
  eps?: number;
  /** default 0 */
  weightDecay?: number;
  /** default false */
  maximize?: boolean;
}

const KEYS = ['lr', 'betas', 'eps', 'weightDecay', 'maximize'];

function build(options: AdamaxOptions) {
  const { lr = 2e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, maximize = false } = options;
  checkCommon('adamax', options, KEYS, lr, weightDecay, maximize);
  checkBetas('adamax', betas);
  checkPositive('adamax', 'eps', eps);
  return torchShape({ lr, weightDecay, maximize }, scaleByAdamax({ betas, eps }));
}

/** `torch.optim.Adamax`. */
export function adamax(options: AdamaxOptions = {}): InjectedTransformation<AdamaxOptions> {
  return injectHyperparams(build)(withLr(options, 2e-3));
}
