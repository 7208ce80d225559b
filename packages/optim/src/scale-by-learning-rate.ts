import { scheduleValue, tf } from '@dl/core';
import type { ScalarOrSchedule } from '@dl/core';
import { checkLr } from './internal/check.js';
import { perParam } from './internal/per-param.js';
import type { GradientTransformation } from './types.js';

export interface CountState {
  readonly count: number;
}

/**
 * Multiplies updates by `-lr` (descent; updates are added to the parameters). A schedule is
 * evaluated at this transform's update count, 0 for the first update: PyTorch's lr after that
 * many `scheduler.step()` calls when the scheduler steps once per optimizer step.
 */
export function scaleByLearningRate(lr: ScalarOrSchedule): GradientTransformation<CountState> {
  checkLr('scaleByLearningRate', lr);
  return {
    init: () => ({ count: 0 }),
    update(grads, state) {
      const value = scheduleValue(lr, state.count, 'scaleByLearningRate: lr');
      return {
        updates: perParam(Object.keys(grads), (n) => tf.mul(grads[n]!, -value)),
        state: { count: state.count + 1 },
      };
    },
  };
}
