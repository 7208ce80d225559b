import type { ScalarOrSchedule } from '@dl/core';
import { checkBetas, checkBoolean, checkPositive } from './internal/check.js';
import { withLr, checkCommon, torchShape } from './internal/parts.js';
import { injectHyperparams } from './inject-hyperparams.js';
import type { InjectedTransformation } from './inject-hyperparams.js';
import { scaleByRadam } from './scale-by-radam.js';

export interface RadamOptions {
  /** default 1e-3 */
  lr?: ScalarOrSchedule;
  /** default [0.9, 0.999] */
  betas?: readonly [number, number];
  /** default 1e-8 */
  eps?: number;
  /** default 0 */
  weightDecay?: number;
  /** AdamW-style decay (PyTorch >= 2.1, not in 1.13), default false */
  decoupledWeightDecay?: boolean;
  /** PyTorch >= 2.x only, default false */
  maximize?: boolean;
}

const KEYS = ['lr', 'betas', 'eps', 'weightDecay', 'decoupledWeightDecay', 'maximize'];

function build(options: RadamOptions) {
  const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, decoupledWeightDecay = false, maximize = false } = options;
  checkCommon('radam', options, KEYS, lr, weightDecay, maximize);
  checkBetas('radam', betas);
  checkPositive('radam', 'eps', eps);
  checkBoolean('radam', 'decoupledWeightDecay', decoupledWeightDecay);
  return torchShape({ lr, weightDecay, maximize, decoupled: decoupledWeightDecay }, scaleByRadam({ betas, eps }));
}

/** `torch.optim.RAdam`. */
export function radam(options: RadamOptions = {}): InjectedTransformation<RadamOptions> {
  return injectHyperparams(build)(withLr(options, 1e-3));
}
