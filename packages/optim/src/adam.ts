import type { ScalarOrSchedule } from '@dl/core';
import { checkBoolean, checkBetas, checkPositive } from './internal/check.js';
import { withLr, checkCommon, torchShape } from './internal/parts.js';
import { injectHyperparams } from './inject-hyperparams.js';
import type { InjectedTransformation } from './inject-hyperparams.js';
import { scaleByAdam } from './scale-by-adam.js';

export interface AdamOptions {
  /** default 1e-3 */
  lr?: ScalarOrSchedule;
  /** default [0.9, 0.999] */
  betas?: readonly [number, number];
  /** default 1e-8 */
  eps?: number;
  /** default 0 */
  weightDecay?: number;
  /** default false */
  amsgrad?: boolean;
  /** default false */
  maximize?: boolean;
}

const KEYS = ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad', 'maximize'];

function build(options: AdamOptions) {
  const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, amsgrad = false, maximize = false } = options;
  checkCommon('adam', options, KEYS, lr, weightDecay, maximize);
  checkBetas('adam', betas);
  checkPositive('adam', 'eps', eps);
  checkBoolean('adam', 'amsgrad', amsgrad);
  return torchShape({ lr, weightDecay, maximize, decoupled: false }, scaleByAdam({ betas, eps, amsgrad }));
}

/** torch.optim.Adam: coupled L2 weight decay (added to the gradient). */
export function adam(options: AdamOptions = {}): InjectedTransformation<AdamOptions> {
  return injectHyperparams(build)(withLr(options, 1e-3));
}
