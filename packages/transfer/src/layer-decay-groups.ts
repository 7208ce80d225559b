import type { Module } from '@dl/layers';
import type { ParamGroup } from '@dl/optim';
import { checkKeys, checkNonNegative, checkObject, show } from './internal/check.js';
import { noDecay } from './internal/decay-split.js';
import { checkModule } from './internal/modules.js';
import { blocksOf } from './parameter-blocks.js';
import type { Blocks } from './parameter-blocks.js';
import { selectFrom } from './select.js';
import type { Which } from './select.js';

export interface LayerDecayOptions {
  /** In (0, 1]; default 0.75 (timm). Block i of L gets `layerDecay ** (L - 1 - i)`, the head 1. */
  layerDecay?: number;
  /** Weight decay of the decayed groups; default 0.05 (timm). */
  weightDecay?: number;
  /** Rank <= 1 parameters (biases, batch-norm gamma/beta) get weight decay 0; default true (timm). */
  weightDecayExclude1d?: boolean;
  /** More parameters without weight decay (timm's `no_weight_decay_list`). */
  noWeightDecay?: Which;
  /** The smallest scale; default 0 (timm). */
  minScale?: number;
  blocks?: Blocks;
}

const KEYS = ['layerDecay', 'weightDecay', 'weightDecayExclude1d', 'noWeightDecay', 'minScale', 'blocks'];

/**
 * timm's `param_groups_layer_decay`: param groups `layer_<i>_decay` / `layer_<i>_no_decay` per
 * block with `lrScale = max(minScale, layerDecay ** (L - 1 - i))`, so deeper (pretrained, generic)
 * blocks learn slower. Frozen parameters (trainable false) are left out, as timm skips those
 * without `requires_grad`. Give the groups to an `Optimizer` built over `trainableParameters(model)`.
 */
export function layerDecayGroups(model: Module, options: LayerDecayOptions = {}): ParamGroup[] {
  const where = 'layerDecayGroups';
  checkModule(where, model);
  checkObject(where, 'options', options);
  checkKeys(where, options, KEYS);
  const decay = options.layerDecay ?? 0.75;
  if (typeof decay !== 'number' || !(decay > 0) || !(decay <= 1)) throw new RangeError(`${where}: layerDecay must be in (0, 1], got ${show(decay)}`);
  const wd = checkNonNegative(where, 'weightDecay', options.weightDecay ?? 0.05);
  const minScale = checkNonNegative(where, 'minScale', options.minScale ?? 0);
  if (minScale > 1) throw new RangeError(`${where}: minScale must be in [0, 1], got ${minScale}`);
  const exclude1d = options.weightDecayExclude1d ?? true;
  if (typeof exclude1d !== 'boolean') throw new TypeError(`${where}: weightDecayExclude1d must be a boolean, got ${show(exclude1d)}`);
  const params = model.parameters();
  const names = Object.keys(params);
  const listed = new Set(options.noWeightDecay === undefined ? [] : selectFrom(model, names, options.noWeightDecay, `${where}: noWeightDecay`));
  const blocks = blocksOf(model, names, options.blocks ?? 'children', where);
  const L = blocks.length;
  const groups: ParamGroup[] = [];
  blocks.forEach((block, i) => {
    const scale = Math.max(minScale, decay ** (L - 1 - i));
    if (!(scale > 0)) throw new RangeError(`${where}: block ${i} gets lr scale 0 (minScale 0 and layerDecay ** ${L - 1 - i} underflows); raise minScale`);
    const live = block.filter((n) => params[n]!.trainable);
    const nd = live.filter((n) => noDecay(n, params[n]!, exclude1d, listed));
    const d = live.filter((n) => !nd.includes(n));
    if (d.length > 0) groups.push({ name: `layer_${i}_decay`, params: d, lrScale: scale, weightDecay: wd });
    if (nd.length > 0) groups.push({ name: `layer_${i}_no_decay`, params: nd, lrScale: scale, weightDecay: 0 });
  });
  if (groups.length === 0) throw new RangeError(`${where}: every parameter is frozen`);
  return groups;
}
