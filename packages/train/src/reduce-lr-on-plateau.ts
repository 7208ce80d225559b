import { reduceOnPlateau } from '@dl/schedulers';
import type { ReduceOnPlateauOptions, ReduceOnPlateauState } from '@dl/schedulers';
import { checkObject, show } from './internal/check.js';
import type { Callback } from './types.js';

export interface ReduceLrOnPlateauOptions extends Omit<ReduceOnPlateauOptions, 'lr'> {
  /** The epoch figure to watch. Default `'valLoss'`. */
  monitor?: string;
}

/**
 * `@dl/schedulers`' `reduceOnPlateau` driven by an epoch figure: after each epoch it steps on
 * `monitor` and sets the optimizer's learning rate (PyTorch's `ReduceLROnPlateau`, Keras's
 * callback). Starts from the optimizer's current rate, which must be a number.
 */
export function reduceLrOnPlateau(options: ReduceLrOnPlateauOptions = {}): Callback {
  checkObject('reduceLrOnPlateau', 'options', options);
  const { monitor = 'valLoss', ...rest } = options;
  let plateau: ReturnType<typeof reduceOnPlateau> | undefined;
  let pending: ReduceOnPlateauState | undefined;
  reduceOnPlateau({ lr: 1, ...rest }); // validate now
  return {
    name: 'reduceLrOnPlateau',
    onTrainBegin(ctx) {
      const lr = ctx.optimizer.getLearningRate();
      if (typeof lr !== 'number') throw new TypeError(`reduceLrOnPlateau: the optimizer's learning rate must be a number, not a schedule (got ${show(lr)})`);
      plateau = reduceOnPlateau({ lr, ...rest });
      if (pending) plateau.loadState(pending);
    },
    onEpochEnd(ctx, log) {
      const v = (log as unknown as Record<string, unknown>)[monitor];
      if (typeof v !== 'number') throw new RangeError(`reduceLrOnPlateau: monitor '${monitor}' is not in the epoch log`);
      const lr = plateau!.step(v);
      if (lr !== ctx.optimizer.getLearningRate()) ctx.optimizer.setLearningRate(lr);
    },
    state: () => plateau?.state(),
    loadState(s) {
      pending = s as ReduceOnPlateauState;
      plateau?.loadState(pending);
    },
  };
}
