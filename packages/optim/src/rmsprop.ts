import type { ScalarOrSchedule } from '@dl/core';
import { checkBoolean, checkNonNegative, checkPositive, checkUnit } from './internal/check.js';
import { withLr, checkCommon, torchShape } from './internal/parts.js';
import { injectHyperparams } from './inject-hyperparams.js';
import type { InjectedTransformation } from './inject-hyperparams.js';
import { scaleByRms } from './scale-by-rms.js';
import { trace } from './trace.js';

export interface RmspropOptions {
  /** default 1e-2 */
  lr?: ScalarOrSchedule;
  /** default 0.99 */
  alpha?: number;
  /** default 1e-8 */
  eps?: number;
  /** default 0 */
  weightDecay?: number;
  /** default 0 */
  momentum?: number;
  /** default false */
  centered?: boolean;
  /** default false */
  maximize?: boolean;
}

const KEYS = ['lr', 'alpha', 'eps', 'weightDecay', 'momentum', 'centered', 'maximize'];

function build(options: RmspropOptions) {
  const { lr = 1e-2, alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0, centered = false, maximize = false } = options;
  checkCommon('rmsprop', options, KEYS, lr, weightDecay, maximize);
  checkUnit('rmsprop', 'alpha', alpha);
  checkPositive('rmsprop', 'eps', eps);
  checkNonNegative('rmsprop', 'momentum', momentum);
  checkBoolean('rmsprop', 'centered', centered);
  const rms = scaleByRms({ alpha, eps, centered });
  return momentum > 0 ? torchShape({ lr, weightDecay, maximize }, rms, trace({ momentum })) : torchShape({ lr, weightDecay, maximize }, rms);
}

/** `torch.optim.RMSprop`. */
export function rmsprop(options: RmspropOptions = {}): InjectedTransformation<RmspropOptions> {
  return injectHyperparams(build)(withLr(options, 1e-2));
}
