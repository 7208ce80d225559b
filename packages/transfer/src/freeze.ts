import type { Module } from '@dl/layers';
import { show } from './internal/check.js';
import { asBn } from './internal/bn.js';
import type { BnLike } from './internal/bn.js';
import { checkModule, under, walk } from './internal/modules.js';
import { selectParameters } from './select.js';
import type { Which } from './select.js';

/**
 * What a frozen batch norm does in training mode:
 * - `'train'` (fastai's and Lightning's `train_bn=True`): gamma/beta keep learning, batch statistics, running statistics updated;
 * - `'frozen-affine'` (PyTorch's `requires_grad_(False)`, the default): gamma/beta fixed, batch statistics, running statistics updated;
 * - `'eval'` (tf.keras >= 2 `trainable = False`; PyTorch's `bn.eval()`): gamma/beta fixed, running statistics, no update.
 */
export type BnPolicy = 'train' | 'frozen-affine' | 'eval';

export const BN_POLICIES: readonly BnPolicy[] = ['train', 'frozen-affine', 'eval'];

export interface FreezeOptions {
  /** Batch norms in the frozen part; default `'frozen-affine'` (PyTorch). */
  bnPolicy?: BnPolicy;
}

/** @internal */
export function checkBnPolicy(where: string, policy: unknown): BnPolicy {
  if (!BN_POLICIES.includes(policy as BnPolicy)) {
    throw new RangeError(`${where}: bnPolicy must be one of ${BN_POLICIES.map((p) => `'${p}'`).join(', ')}, got ${show(policy)}`);
  }
  return policy as BnPolicy;
}

/** The batch norms the selection reaches (any of their parameters selected, or their whole path), with their paths. */
export function selectedBatchNorms(model: Module, names: readonly string[]): { path: string; bn: BnLike }[] {
  const out: { path: string; bn: BnLike }[] = [];
  for (const { path, module } of walk(model)) {
    const bn = asBn(module);
    if (bn === undefined) continue;
    if (names.some((n) => under(n, path))) out.push({ path, bn });
  }
  return out;
}

/**
 * Freezes the selected parameters (default: all): their `trainable` flag goes false, so `fit` and
 * `Optimizer.minimize` compute no gradient for them, and they get no update, no weight decay and
 * no optimizer state change (PyTorch's `requires_grad_(False)`). Batch norms in the selection
 * follow `bnPolicy`. Everything is checked before anything changes. Returns the names frozen.
 */
export function freeze(model: Module, which: Which = () => true, options: FreezeOptions = {}): string[] {
  const where = 'freeze';
  checkModule(where, model);
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: options must be an object, got ${show(options)}`);
  for (const k of Object.keys(options)) if (k !== 'bnPolicy') throw new TypeError(`${where}: unknown option '${k}' (allowed: bnPolicy)`);
  const policy = checkBnPolicy(where, options.bnPolicy ?? 'frozen-affine');
  const names = selectParameters(model, which, where);
  const bns = selectedBatchNorms(model, names);
  if (policy === 'eval') {
    const without = bns.filter((b) => !b.bn.hasRunningStats).map((b) => `'${b.path}'`);
    if (without.length > 0) throw new RangeError(`${where}: bnPolicy 'eval' needs running statistics, and the batch norm ${without.join(', ')} has none (trackRunningStats: false)`);
  }
  // under 'train' the batch norms' own gamma and beta stay trainable (fastai's force_train)
  const keep = new Set(policy === 'train' ? bns.flatMap((b) => b.bn.affineNames.map((a) => `${b.path}.${a}`)) : []);
  const params = model.parameters();
  const frozen = names.filter((n) => !keep.has(n));
  for (const n of frozen) params[n]!.trainable = false;
  for (const n of names) if (keep.has(n)) params[n]!.trainable = true;
  for (const b of bns) b.bn.forceEval = policy === 'eval';
  sync(model);
  return frozen;
}

/** Unfreezes the selected parameters (default: all) and returns their batch norms to normal training. Returns the names. */
export function unfreeze(model: Module, which: Which = () => true): string[] {
  const where = 'unfreeze';
  checkModule(where, model);
  const names = selectParameters(model, which, where);
  const params = model.parameters();
  for (const n of names) params[n]!.trainable = true;
  for (const b of selectedBatchNorms(model, names)) b.bn.forceEval = false;
  sync(model);
  return names;
}

/** Lets modules that mirror the flags elsewhere (the TF.js adapter: `layer.trainable`) follow. */
function sync(model: Module): void {
  for (const { module } of walk(model)) (module as Module & { transferSync?: () => void }).transferSync?.();
}
