import { scheduleValue, tf } from '@dl/core';
import type { ScalarOrSchedule } from '@dl/core';
import { addDecayedWeights } from '../add-decayed-weights.js';
import { chain } from '../chain.js';
import { checkBoolean, checkKeys, checkLr, checkNonNegative } from './check.js';
import { decayedLr, fuseTorchShape } from './fused.js';
import { perName, perParam } from './per-param.js';
import { scale } from '../scale.js';
import { scaleByLearningRate } from '../scale-by-learning-rate.js';
import type { CountState } from '../scale-by-learning-rate.js';
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
 * or decay after the preconditioner (decoupled), precondition, multiply by `-lr` (with
 * `lrDecay`, Adagrad's: `-lr / (1 + (step - 1) lrDecay)`, step per parameter). The decay
 * stages are always present (a no-op at 0) so the state keeps its structure when
 * `weightDecay` changes mid-run.
 */
export function torchShape(
  o: { lr: ScalarOrSchedule; weightDecay: number; maximize: boolean; decoupled?: boolean; lrDecay?: number },
  ...precondition: GradientTransformation<any>[]
): GradientTransformation<any> {
  const decoupled = o.decoupled === true;
  const composed = chain(
    scale(o.maximize ? -1 : 1),
    addDecayedWeights(decoupled ? 0 : o.weightDecay),
    ...precondition,
    addDecayedWeights(decoupled ? o.weightDecay : 0),
    o.lrDecay === undefined ? scaleByLearningRate(o.lr) : scaleByDecayedLearningRate(o.lr, o.lrDecay),
  );
  // one kernel per variable where the backend has it (same numbers, same state)
  return fuseTorchShape({ lr: o.lr, weightDecay: o.weightDecay, maximize: o.maximize, decoupled, lrDecay: o.lrDecay }, precondition, composed);
}

/**
 * Adagrad's learning-rate stage: `scaleByLearningRate`'s state (the schedule's update count) and
 * each parameter's step count. Nested, so that the `{count}` object is found where
 * `scaleByLearningRate`'s would be.
 */
export interface DecayedLrState {
  /** As `scaleByLearningRate`'s: updates so far, the schedule's step. */
  readonly lr: CountState;
  /** Updates so far, per parameter (PyTorch's per-parameter `state['step']`, which the decay uses). */
  readonly step: Readonly<Record<string, number>>;
}

/**
 * `scaleByLearningRate` for Adagrad: multiplies by `-lr / (1 + (step - 1) lrDecay)`, `lr` (a
 * number or a schedule) evaluated at this stage's update count, `step` counted per parameter
 * as PyTorch does, so a parameter that got no gradient in some steps decays less.
 */
function scaleByDecayedLearningRate(lr: ScalarOrSchedule, lrDecay: number): GradientTransformation<DecayedLrState> {
  return {
    init: (params) => ({ lr: { count: 0 }, step: perName(params, 0) }),
    update(grads, state) {
      const count = state.lr.count;
      const base = scheduleValue(lr, count, 'adagrad: lr');
      const step: Record<string, number> = {};
      const updates = perParam(Object.keys(grads), (n) => {
        const before = state.step[n]!;
        step[n] = before + 1;
        return tf.mul(grads[n]!, -decayedLr(base, before, lrDecay));
      });
      return { updates, state: { lr: { count: count + 1 }, step } };
    },
  };
}

/** Records the default lr among the options, so `Optimizer.getLearningRate` can report it. */
export function withLr<O extends { lr?: ScalarOrSchedule }>(options: O, lr: number): O {
  if (options === null || typeof options !== 'object') return options;
  return options.lr === undefined ? { ...options, lr } : options;
}
