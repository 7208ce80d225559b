import type { Module } from '@dl/layers';
import type { ParamGroup } from '@dl/optim';
import { checkKeys, checkNonNegative, checkObject, checkPositive, show } from './internal/check.js';
import { noDecay } from './internal/decay-split.js';
import { checkModule } from './internal/modules.js';
import { blocksOf } from './parameter-blocks.js';
import type { Blocks } from './parameter-blocks.js';

/** fastai's `slice(lo, hi)` (geometric from lo to hi over the blocks) or `slice(hi)` (head hi, the rest hi / 10). */
export interface LrSlice {
  lo?: number;
  hi: number;
}

export interface LrSliceOptions {
  /** Weight decay of the decayed groups (default: the optimizer's). */
  weightDecay?: number;
  /** Rank <= 1 parameters get weight decay 0 (fastai's `wd_bn_bias=False`); default true. */
  weightDecayExclude1d?: boolean;
  blocks?: Blocks;
}

/** fastcore's `even_mults(start, stop, n)`. */
export function evenMults(start: number, stop: number, n: number): number[] {
  if (n === 1) return [stop];
  const step = (stop / start) ** (1 / (n - 1));
  return Array.from({ length: n }, (_, i) => start * step ** i);
}

/**
 * fastai's discriminative learning rates as param groups `block_<i>` (and `block_<i>_no_decay`)
 * with `lrScale = lr_i / hi`: build the `Optimizer` with `lr: hi`. Frozen parameters are left out.
 */
export function lrSliceGroups(model: Module, slice: LrSlice, options: LrSliceOptions = {}): ParamGroup[] {
  const where = 'lrSliceGroups';
  checkModule(where, model);
  checkObject(where, 'slice', slice);
  checkKeys(where, slice, ['lo', 'hi']);
  checkObject(where, 'options', options);
  checkKeys(where, options, ['weightDecay', 'weightDecayExclude1d', 'blocks']);
  const hi = checkPositive(where, 'slice.hi', slice.hi);
  if (slice.lo !== undefined) {
    checkPositive(where, 'slice.lo', slice.lo);
    if (slice.lo > hi) throw new RangeError(`${where}: slice.lo (${slice.lo}) must be <= slice.hi (${hi})`);
  }
  const wd = options.weightDecay === undefined ? undefined : checkNonNegative(where, 'weightDecay', options.weightDecay);
  const exclude1d = options.weightDecayExclude1d ?? true;
  if (typeof exclude1d !== 'boolean') throw new TypeError(`${where}: weightDecayExclude1d must be a boolean, got ${show(exclude1d)}`);
  const params = model.parameters();
  const blocks = blocksOf(model, Object.keys(params), options.blocks ?? 'children', where);
  const n = blocks.length;
  const lrs = slice.lo !== undefined ? evenMults(slice.lo, hi, n) : [...Array<number>(n - 1).fill(hi / 10), hi];
  const groups: ParamGroup[] = [];
  const none = new Set<string>();
  blocks.forEach((block, i) => {
    const live = block.filter((name) => params[name]!.trainable);
    const nd = live.filter((name) => noDecay(name, params[name]!, exclude1d, none));
    const d = live.filter((name) => !nd.includes(name));
    const lrScale = lrs[i]! / hi;
    if (d.length > 0) groups.push({ name: `block_${i}`, params: d, lrScale, ...(wd === undefined ? {} : { weightDecay: wd }) });
    if (nd.length > 0) groups.push({ name: `block_${i}_no_decay`, params: nd, lrScale, weightDecay: 0 });
  });
  if (groups.length === 0) throw new RangeError(`${where}: every parameter is frozen`);
  return groups;
}
