import { scheduleValue } from '@dl/core';
import type { ScalarOrSchedule } from '@dl/core';
import { addDecayedWeights } from '../add-decayed-weights.js';
import { chain } from '../chain.js';
import { checkBoolean, checkKeys, checkLr, checkNonNegative } from './check.js';
import { fuseTorchShape } from './fused.js';
import { scale } from '../scale.js';
import { scaleByLearningRate } from '../scale-by-learning-rate.js';
import type { GradientTransformation } from '../types.js';

export interface CommonOptions {
  lr?: ScalarOrSchedule;
  weightDecay?: number;
  maximize?: boolean;
}

export function checkCommon(where: string, options: object, allowed: readonly string[], lr: unknown, weightDecay: unknown, maximize: unknown): void {
  checkKeys(where, options, allowed);
  checkLr(where, lr);
  checkNonNegative(where, 'weightDecay', weightDecay);
  checkBoolean(where, 'maximize', maximize);
}

/**
 * PyTorch's shape of every optimizer: negate for `maximize`, add `weightDecay * p` (coupled)
 * or decay after the preconditioner (decoupled), precondition, multiply by `-lr`. The decay
 * stages are always present (a no-op at 0) so the state keeps its structure when
 * `weightDecay` changes mid-run.
 */
export function torchShape(
  o: { lr: ScalarOrSchedule; weightDecay: number; maximize: boolean; decoupled?: boolean },
  ...precondition: GradientTransformation<any>[]
): GradientTransformation<any> {
  const decoupled = o.decoupled === true;
  const composed = chain(
    scale(o.maximize ? -1 : 1),
    addDecayedWeights(decoupled ? 0 : o.weightDecay),
    ...precondition,
    addDecayedWeights(decoupled ? o.weightDecay : 0),
    scaleByLearningRate(o.lr),
  );
  // one kernel per variable where the backend has it (same numbers, same state)
  return fuseTorchShape({ lr: o.lr, weightDecay: o.weightDecay, maximize: o.maximize, decoupled }, precondition, composed);
}

/** Adagrad's `lr / (1 + (step - 1) lr_decay)`, over a number or a schedule. */
export function decayedLr(lr: ScalarOrSchedule, lrDecay: number): ScalarOrSchedule {
  if (lrDecay === 0) return lr;
  return (t: number) => scheduleValue(lr, t, 'adagrad: lr') / (1 + t * lrDecay);
}

/** Records the default lr among the options, so `Optimizer.getLearningRate` can report it. */
export function withLr<O extends { lr?: ScalarOrSchedule }>(options: O, lr: number): O {
  if (options === null || typeof options !== 'object') return options;
  return options.lr === undefined ? { ...options, lr } : options;
}
