import type { ScalarOrSchedule } from '@dl/core';
import { checkBetas, checkBoolean, checkNonNegative, checkPositive } from './internal/check.js';
import { withLr, checkCommon, torchShape } from './internal/parts.js';
import { injectHyperparams } from './inject-hyperparams.js';
import type { InjectedTransformation } from './inject-hyperparams.js';
import { scaleByNadam } from './scale-by-nadam.js';

export interface NadamOptions {
  /** default 2e-3 */
  lr?: ScalarOrSchedule;
  /** default [0.9, 0.999] */
  betas?: readonly [number, number];
  /** default 1e-8 */
  eps?: number;
  /** default 0 */
  weightDecay?: number;
  /** default 4e-3 */
  momentumDecay?: number;
  /** AdamW-style decay (PyTorch >= 2.1, not in 1.13), default false */
  decoupledWeightDecay?: boolean;
  /** PyTorch >= 2.x only, default false */
  maximize?: boolean;
}

const KEYS = ['lr', 'betas', 'eps', 'weightDecay', 'momentumDecay', 'decoupledWeightDecay', 'maximize'];

function build(options: NadamOptions) {
  const { lr = 2e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, momentumDecay = 4e-3, decoupledWeightDecay = false, maximize = false } = options;
  checkCommon('nadam', options, KEYS, lr, weightDecay, maximize);
  checkBetas('nadam', betas);
  checkPositive('nadam', 'eps', eps);
  checkNonNegative('nadam', 'momentumDecay', momentumDecay);
  checkBoolean('nadam', 'decoupledWeightDecay', decoupledWeightDecay);
  return torchShape({ lr, weightDecay, maximize, decoupled: decoupledWeightDecay }, scaleByNadam({ betas, eps, momentumDecay }));
}

/** `torch.optim.NAdam`. */
export function nadam(options: NadamOptions = {}): InjectedTransformation<NadamOptions> {
  return injectHyperparams(build)(withLr(options, 2e-3));
}
