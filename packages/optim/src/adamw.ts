import type { ScalarOrSchedule } from '@dl/core';
import { checkBoolean, checkBetas, checkPositive } from './internal/check.js';
import { withLr, checkCommon, torchShape } from './internal/parts.js';
import { injectHyperparams } from './inject-hyperparams.js';
import type { InjectedTransformation } from './inject-hyperparams.js';
import { scaleByAdam } from './scale-by-adam.js';

export interface AdamWOptions {
  /** default 1e-3 */
  lr?: ScalarOrSchedule;
  /** default [0.9, 0.999] */
  betas?: readonly [number, number];
  /** default 1e-8 */
  eps?: number;
  /** default 1e-2 */
  weightDecay?: number;
  /** default false */
  amsgrad?: boolean;
  /** default false */
  maximize?: boolean;
}

const KEYS = ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad', 'maximize'];

function build(options: AdamWOptions) {
  const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 1e-2, amsgrad = false, maximize = false } = options;
  checkCommon('adamw', options, KEYS, lr, weightDecay, maximize);
  checkBetas('adamw', betas);
  checkPositive('adamw', 'eps', eps);
  checkBoolean('adamw', 'amsgrad', amsgrad);
  return torchShape({ lr, weightDecay, maximize, decoupled: true }, scaleByAdam({ betas, eps, amsgrad }));
}

/** torch.optim.AdamW: decoupled weight decay (`p -= lr * weightDecay * p`). */
export function adamw(options: AdamWOptions = {}): InjectedTransformation<AdamWOptions> {
  return injectHyperparams(build)(withLr(options, 1e-3));
}
