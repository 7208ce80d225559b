import type { ScalarOrSchedule } from '@dl/core';
import { checkBoolean, checkNonNegative } from './internal/check.js';
import { withLr, checkCommon, torchShape } from './internal/parts.js';
import { injectHyperparams } from './inject-hyperparams.js';
import type { InjectedTransformation } from './inject-hyperparams.js';
import { trace } from './trace.js';

export interface SgdOptions {
  /** default 1e-3 (PyTorch 2.x; 1.13 requires it) */
  lr?: ScalarOrSchedule;
  /** default 0 */
  momentum?: number;
  /** default 0 */
  dampening?: number;
  /** default false; needs momentum > 0 and dampening 0 */
  nesterov?: boolean;
  /** coupled L2, default 0 */
  weightDecay?: number;
  /** default false */
  maximize?: boolean;
}

const KEYS = ['lr', 'momentum', 'dampening', 'nesterov', 'weightDecay', 'maximize'];

function build(options: SgdOptions) {
  const { lr = 1e-3, momentum = 0, dampening = 0, nesterov = false, weightDecay = 0, maximize = false } = options;
  checkCommon('sgd', options, KEYS, lr, weightDecay, maximize);
  checkNonNegative('sgd', 'momentum', momentum);
  checkNonNegative('sgd', 'dampening', dampening);
  checkBoolean('sgd', 'nesterov', nesterov);
  if (nesterov && (momentum <= 0 || dampening !== 0)) {
    throw new RangeError(`sgd: nesterov requires momentum > 0 and dampening 0, got momentum ${momentum}, dampening ${dampening}`);
  }
  return momentum > 0
    ? torchShape({ lr, weightDecay, maximize }, trace({ momentum, dampening, nesterov }))
    : torchShape({ lr, weightDecay, maximize });
}

/** `torch.optim.SGD`: stochastic gradient descent with momentum, dampening and Nesterov. */
export function sgd(options: SgdOptions = {}): InjectedTransformation<SgdOptions> {
  return injectHyperparams(build)(withLr(options, 1e-3));
}
