import type { tf } from '@dl/core';
import { Module } from '@dl/layers';
import type { Optimizer } from '@dl/optim';
import type { Callback, Model } from '@dl/train';
import { checkInt, checkKeys, checkObject, checkPositive, show } from './internal/check.js';
import { unfreeze } from './unfreeze.js';
import { blocksOf } from './parameter-blocks.js';
import type { Blocks } from './parameter-blocks.js';

export interface GradualUnfreezingOptions {
  blocks?: Blocks;
  /** Epochs between two unfreezings; default 1 (ULMFiT). */
  every?: number;
  /** Each block below learns `decay` times slower than the one above (ULMFiT's 2.6). */
  decay?: number;
}

/** @internal checks the callback's preconditions at the start of training. */
export function checkFrozenStart(where: string, model: Model, optimizer: Optimizer, frozen: readonly string[]): Record<string, tf.Variable> {
  if (!(model instanceof Module)) throw new TypeError(`${where}: fit's model must be a @dl/layers Module`);
  const params = model.parameters();
  const untrainable = Object.entries(optimizer.variables).filter(([, v]) => !v.trainable).map(([n]) => n);
  if (untrainable.length > 0) {
    throw new RangeError(`${where}: the optimizer holds frozen parameters (${untrainable.slice(0, 3).map((n) => `'${n}'`).join(', ')}); build it from trainableParameters(model) after freeze, so they get no state`);
  }
  const live = frozen.filter((n) => params[n]!.trainable && !(n in optimizer.variables));
  if (live.length > 0) throw new RangeError(`${where}: '${live[0]}' should start frozen; call freeze before building the optimizer from trainableParameters(model)`);
  return params;
}

/**
 * ULMFiT's gradual unfreezing as a `fit` callback: epoch 1 trains what is trainable (the head);
 * every `every` epochs the next block below joins, unfrozen, as a param group `block_<i>` with
 * `lrScale = decay ** -d` (d = its depth below the head). Freeze all but the head first, and build
 * the optimizer from `trainableParameters(model)`. Resumes through `onResume`.
 */
export function gradualUnfreezing(options: GradualUnfreezingOptions = {}): Callback {
  const where = 'gradualUnfreezing';
  checkObject(where, 'options', options);
  checkKeys(where, options, ['blocks', 'every', 'decay']);
  const every = checkInt(where, 'every', options.every ?? 1, 1);
  const decay = checkPositive(where, 'decay', options.decay ?? 2.6);
  if (options.blocks !== undefined && options.blocks !== 'children' && !(options.blocks instanceof RegExp) && !Array.isArray(options.blocks)) {
    throw new TypeError(`${where}: blocks must be 'children', a RegExp or a list of selections, got ${show(options.blocks)}`);
  }
  let unfrozen: number[] = [];
  let blocks: string[][] = [];
  const blocksFor = (model: Model): string[][] => {
    if (!(model instanceof Module)) throw new TypeError(`${where}: fit's model must be a @dl/layers Module`);
    return blocksOf(model, Object.keys(model.parameters()), options.blocks ?? 'children', where);
  };
  const add = (model: Module, optimizer: Optimizer, i: number): void => {
    const depth = blocks.length - 1 - i;
    unfreeze(model, blocks[i]!);
    const params = model.parameters();
    const fresh = Object.fromEntries(blocks[i]!.filter((n) => !(n in optimizer.variables)).map((n) => [n, params[n]!]));
    // parameters already there (batch norms kept training) stay in their group
    if (Object.keys(fresh).length > 0) optimizer.addParamGroup({ name: `block_${i}`, params: fresh, lrScale: decay ** -depth });
    unfrozen.push(i);
  };
  return {
    name: where,
    onResume({ optimizer, model, state }) {
      blocks = blocksFor(model);
      const saved = (state.metadata.callbacks?.[where] as { unfrozen?: number[] } | undefined)?.unfrozen ?? [];
      unfrozen = [];
      for (const i of saved) add(model as Module, optimizer, i);
    },
    onTrainBegin(ctx) {
      if (unfrozen.length > 0) return; // resumed
      blocks = blocksFor(ctx.model);
      checkFrozenStart(where, ctx.model, ctx.optimizer, blocks.slice(0, -1).flat());
    },
    onEpochBegin(ctx, epoch) {
      const k = Math.floor((epoch - 1) / every); // blocks below the head that should train now
      for (let d = 1; d <= k && d < blocks.length; d++) {
        const i = blocks.length - 1 - d;
        if (!unfrozen.includes(i)) add(ctx.model as Module, ctx.optimizer, i);
      }
    },
    state: () => ({ unfrozen: [...unfrozen] }),
    loadState(s) {
      // the groups themselves come back through onResume; this keeps the record
      unfrozen = [...((s as { unfrozen?: number[] }).unfrozen ?? [])];
    },
  };
}
