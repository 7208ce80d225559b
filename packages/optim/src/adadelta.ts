import type { ScalarOrSchedule } from '@dl/core';
import { checkClosedUnit, checkPositive } from './internal/check.js';
import { withLr, checkCommon, torchShape } from './internal/parts.js';
import { injectHyperparams } from './inject-hyperparams.js';
import type { InjectedTransformation } from './inject-hyperparams.js';
import { scaleByAdadelta } from './scale-by-adadelta.js';

export interface AdadeltaOptions {
  /** default 1.0 */
  lr?: ScalarOrSchedule;
  /** default 0.9 */
  rho?: number;
  /** default 1e-6 */
  eps?: number;
  /** default 0 */
  weightDecay?: number;
  /** default false */
  maximize?: boolean;
}

const KEYS = ['lr', 'rho', 'eps', 'weightDecay', 'maximize'];

function build(options: AdadeltaOptions) {
  const { lr = 1, rho = 0.9, eps = 1e-6, weightDecay = 0, maximize = false } = options;
  checkCommon('adadelta', options, KEYS, lr, weightDecay, maximize);
  checkClosedUnit('adadelta', 'rho', rho);
  checkPositive('adadelta', 'eps', eps);
  return torchShape({ lr, weightDecay, maximize }, scaleByAdadelta({ rho, eps }));
}

/** `torch.optim.Adadelta`. */
export function adadelta(options: AdadeltaOptions = {}): InjectedTransformation<AdadeltaOptions> {
  return injectHyperparams(build)(withLr(options, 1));
}
