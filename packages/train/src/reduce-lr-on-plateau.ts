import { reduceOnPlateau } from '@dl/schedulers';
import type { ReduceOnPlateau, ReduceOnPlateauOptions, ReduceOnPlateauState } from '@dl/schedulers';
import type { Optimizer } from '@dl/optim';
import { checkObject, show } from './internal/check.js';
import type { Callback } from './types.js';

export interface ReduceLrOnPlateauOptions extends Omit<ReduceOnPlateauOptions, 'lr' | 'minLr'> {
  /** The epoch figure to watch. Default `'valLoss'`. */
  monitor?: string;
  /**
   * Lower bound of the rate: one for every group, one per group in `optimizer.groupNames` order
   * (PyTorch's `min_lr` list), or by group name. Default 0.
   */
  minLr?: number | readonly number[] | Readonly<Record<string, number>>;
}

/** The groups the callback drives: not frozen, not following a schedule of their own. */
function drivenGroups(optimizer: Optimizer): string[] {
  return optimizer.paramGroups.filter((g) => !g.frozen && !g.ownSchedule).map((g) => g.name);
}

function minLrs(minLr: ReduceLrOnPlateauOptions['minLr'], optimizer: Optimizer, groups: string[]): number[] {
  const all = optimizer.groupNames;
  if (minLr === undefined || typeof minLr === 'number') return groups.map(() => minLr ?? 0);
  if (Array.isArray(minLr)) {
    if (minLr.length !== all.length) throw new RangeError(`reduceLrOnPlateau: minLr has ${minLr.length} entries but the optimizer has ${all.length} param groups (${all.join(', ')})`);
    return groups.map((g) => minLr[all.indexOf(g)]!);
  }
  const rec = minLr as Readonly<Record<string, number>>;
  const unknown = Object.keys(rec).filter((k) => !all.includes(k));
  if (unknown.length > 0) throw new RangeError(`reduceLrOnPlateau: minLr names unknown groups ${unknown.join(', ')} (groups: ${all.join(', ')})`);
  return groups.map((g) => rec[g] ?? 0);
}

/**
 * `@dl/schedulers`' `reduceOnPlateau` driven by an epoch figure: after each epoch it steps on
 * `monitor` and, on a plateau, multiplies every param group's own rate by `factor`, each floored
 * at its own `minLr` (PyTorch's `ReduceLROnPlateau`, Keras's callback). Starts from the groups'
 * current rates, which must be numbers (not a schedule running at the same time).
 */
export function reduceLrOnPlateau(options: ReduceLrOnPlateauOptions = {}): Callback {
  checkObject('reduceLrOnPlateau', 'options', options);
  const { monitor = 'valLoss', minLr, ...rest } = options;
  if (minLr !== undefined && typeof minLr !== 'number') checkObject('reduceLrOnPlateau', 'minLr', minLr);
  let plateau: ReduceOnPlateau<number[]> | undefined;
  let groups: string[] = [];
  let pending: ReduceOnPlateauState<number[]> | undefined;
  reduceOnPlateau({ lr: 1, ...rest, ...(typeof minLr === 'number' ? { minLr } : {}) }); // validate now
  return {
    name: 'reduceLrOnPlateau',
    onTrainBegin(ctx) {
      const optimizer = ctx.optimizer;
      groups = drivenGroups(optimizer);
      const info = new Map(optimizer.paramGroups.map((g) => [g.name, g]));
      for (const g of groups) {
        const lr = info.get(g)!.hyperparams.lr;
        if (typeof lr !== 'number') {
          throw new TypeError(`reduceLrOnPlateau: the learning rate of group '${g}' must be a number, not a schedule (got ${show(lr)}); use one or the other`);
        }
      }
      const p = reduceOnPlateau({ lr: groups.map((g) => optimizer.getLearningRate(g)), ...rest, minLr: minLrs(minLr, optimizer, groups) });
      if (pending) p.loadState(pending);
      plateau = p;
    },
    onEpochEnd(ctx, log) {
      const v = (log as unknown as Record<string, unknown>)[monitor];
      if (typeof v !== 'number') throw new RangeError(`reduceLrOnPlateau: monitor '${monitor}' is not in the epoch log`);
      const lrs = plateau!.step(v);
      groups.forEach((g, i) => {
        if (lrs[i] !== ctx.optimizer.getLearningRate(g)) ctx.optimizer.setLearningRate(lrs[i]!, g);
      });
    },
    state: () => plateau?.state(),
    loadState(s) {
      pending = s as ReduceOnPlateauState<number[]>;
      plateau?.loadState(pending);
    },
  };
}
