import type { Schedule } from '@dl/core';
import { checkFunction, checkOneOf } from './internal/check.js';
import type { Callback } from './types.js';

/**
 * Sets the run's schedule when training begins: evaluated per optimizer step (`per: 'step'`,
 * default) or held per epoch (`per: 'epoch'`, PyTorch's `scheduler.step()` after each epoch),
 * counted from the run's first step, every param group from its own base rate. The same as
 * `fit`'s `schedule` option.
 */
export function lrSchedule(schedule: Schedule, options: { per?: 'step' | 'epoch' } = {}): Callback {
  checkFunction('lrSchedule', 'schedule', schedule);
  const per = checkOneOf('lrSchedule', 'per', options.per, ['step', 'epoch'] as const, 'step');
  return {
    name: 'lrSchedule',
    priority: -100,
    onTrainBegin(ctx) {
      ctx.setSchedule(schedule, { per });
    },
  };
}
