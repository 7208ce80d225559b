import { Module } from '@dl/layers';
import type { Optimizer } from '@dl/optim';
import type { Callback, Model } from '@dl/train';
import { checkInt, checkKeys, checkObject, checkPositive, show } from './internal/check.js';
import { checkFrozenStart } from './gradual-unfreezing.js';
import { unfreeze } from './unfreeze.js';
import { blocksOf } from './parameter-blocks.js';
import { selectParameters } from './select.js';
import type { Which } from './select.js';

export interface BackboneFinetuningOptions {
  /** The backbone; default every parameter block but the last (the head). */
  backbone?: Which;
  /** 0-based epoch (Lightning's `current_epoch`) at which the backbone joins; default 10. */
  unfreezeAtEpoch?: number;
  /** The backbone's rate is multiplied by `lambda(epoch + 1)` each later epoch; default `() => 2`. */
  lambda?: (epoch: number) => number;
  /** The backbone starts at the head's rate times this; default 0.1. */
  initialRatio?: number;
  /** Or at this rate. */
  initialLr?: number;
  /** The backbone's rate never exceeds the head's; default true. */
  shouldAlign?: boolean;
}

/**
 * PyTorch Lightning's `BackboneFinetuning` as a `fit` callback: at epoch `unfreezeAtEpoch` the
 * backbone is unfrozen and added as the param group `backbone` at the head's rate x `initialRatio`
 * (parameters already optimised, such as batch norms frozen with policy 'train', stay where they
 * are, as Lightning's `filter_on_optimizer`); each later epoch its rate is `lambda(epoch + 1)`
 * times the previous, capped at the head's. Freeze the backbone and build the optimizer from
 * `trainableParameters(model)` first.
 */
export function backboneFinetuning(options: BackboneFinetuningOptions = {}): Callback {
  const where = 'backboneFinetuning';
  checkObject(where, 'options', options);
  checkKeys(where, options, ['backbone', 'unfreezeAtEpoch', 'lambda', 'initialRatio', 'initialLr', 'shouldAlign']);
  const at = checkInt(where, 'unfreezeAtEpoch', options.unfreezeAtEpoch ?? 10, 0);
  const lambda = options.lambda ?? (() => 2);
  if (typeof lambda !== 'function') throw new TypeError(`${where}: lambda must be a function (epoch) => factor, got ${show(lambda)}`);
  const ratio = checkPositive(where, 'initialRatio', options.initialRatio ?? 0.1);
  const initialLr = options.initialLr === undefined ? undefined : checkPositive(where, 'initialLr', options.initialLr);
  const align = options.shouldAlign ?? true;
  if (typeof align !== 'boolean') throw new TypeError(`${where}: shouldAlign must be a boolean, got ${show(align)}`);
  let previous: number | undefined;
  let backbone: string[] = [];
  const backboneOf = (model: Model): string[] => {
    if (!(model instanceof Module)) throw new TypeError(`${where}: fit's model must be a @dl/layers Module`);
    if (options.backbone !== undefined) return selectParameters(model, options.backbone, where);
    return blocksOf(model, Object.keys(model.parameters()), 'children', where).slice(0, -1).flat();
  };
  const headLr = (optimizer: Optimizer): number => optimizer.getLearningRate(optimizer.groupNames[0]);
  const join = (model: Module, optimizer: Optimizer, lr: number): void => {
    unfreeze(model, backbone);
    const params = model.parameters();
    const fresh = Object.fromEntries(backbone.filter((n) => !(n in optimizer.variables)).map((n) => [n, params[n]!]));
    if (Object.keys(fresh).length > 0) optimizer.addParamGroup({ name: 'backbone', params: fresh, lr });
  };
  return {
    name: where,
    onResume({ optimizer, model, state }) {
      backbone = backboneOf(model);
      const saved = state.metadata.callbacks?.[where] as { previousBackboneLr?: number | null } | undefined;
      if (saved?.previousBackboneLr != null) {
        previous = saved.previousBackboneLr;
        join(model as Module, optimizer, previous);
      }
    },
    onTrainBegin(ctx) {
      backbone = backboneOf(ctx.model);
      if (previous === undefined) checkFrozenStart(where, ctx.model, ctx.optimizer, backbone);
    },
    onEpochBegin(ctx, e) {
      const epoch = e - 1; // Lightning counts from 0
      const opt = ctx.optimizer;
      if (epoch === at && previous === undefined) {
        previous = initialLr ?? headLr(opt) * ratio;
        join(ctx.model as Module, opt, previous);
      } else if (epoch > at && previous !== undefined && opt.groupNames.includes('backbone')) {
        const current = headLr(opt);
        let next = lambda(epoch + 1) * previous;
        if (align && next > current) next = current;
        opt.setLearningRate(next, 'backbone');
        previous = next;
      }
    },
    state: () => ({ previousBackboneLr: previous ?? null }),
    loadState(s) {
      const v = (s as { previousBackboneLr?: number | null }).previousBackboneLr;
      previous = v ?? undefined;
    },
  };
}
