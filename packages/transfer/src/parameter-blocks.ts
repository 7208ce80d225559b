import { BatchNorm } from '@dl/layers';
import type { Module } from '@dl/layers';
import { show } from './internal/check.js';
import { endpointsOf } from './internal/endpoints.js';
import { checkModule, under } from './internal/modules.js';
import { selectFrom } from './select.js';
import type { Which } from './select.js';

/**
 * How parameters form blocks (layer ids for layer decay, slices and gradual unfreezing), input
 * first, head last: `'children'` (each top-level unit with parameters; a batch norm joins the
 * unit before it, so conv + BN is one block), a RegExp (timm's `group_matcher`: parameters whose
 * first match is the same string form a block, in order of appearance; parameters it does not
 * match form the head, last), or an explicit list of selections (every parameter in exactly one).
 */
export type Blocks = 'children' | RegExp | readonly Which[];

export interface ParameterBlocksOptions {
  blocks?: Blocks;
}

/** Parameter names per block, from the input to the head (the last block). */
export function parameterBlocks(model: Module, options: ParameterBlocksOptions = {}): string[][] {
  const where = 'parameterBlocks';
  checkModule(where, model);
  return blocksOf(model, Object.keys(model.parameters()), options.blocks ?? 'children', where);
}

/** @internal the same over a list of names, checked under `where`'s name. */
export function blocksOf(model: Module, names: readonly string[], blocks: Blocks, where: string): string[][] {
  if (blocks === 'children') {
    const out: { path: string; names: string[] }[] = [];
    const children = model.children();
    for (const unit of endpointsOf(model)) {
      if (unit.path === undefined) continue;
      const mine = names.filter((n) => under(n, unit.path!));
      if (mine.length === 0) continue;
      const child = children[unit.path];
      if ((child instanceof BatchNorm || isBatchNormUnit(model, unit.path)) && out.length > 0) out[out.length - 1]!.names.push(...mine);
      else out.push({ path: unit.path, names: mine });
    }
    if (out.length === 0) throw new RangeError(`${where}: the model has no parameters`);
    return out.map((b) => b.names);
  }
  if (blocks instanceof RegExp) {
    const re = new RegExp(blocks.source, blocks.flags.replace('g', ''));
    const order: string[] = [];
    const byKey = new Map<string, string[]>();
    const head: string[] = [];
    for (const n of names) {
      const m = re.exec(n);
      if (m === null) {
        head.push(n);
        continue;
      }
      const key = m[0];
      if (!byKey.has(key)) {
        byKey.set(key, []);
        order.push(key);
      }
      byKey.get(key)!.push(n);
    }
    const out = order.map((k) => byKey.get(k)!);
    if (head.length > 0) out.push(head);
    if (out.length === 0) throw new RangeError(`${where}: the model has no parameters`);
    return out;
  }
  if (Array.isArray(blocks)) {
    if (blocks.length === 0) throw new RangeError(`${where}: blocks must not be empty`);
    const owner = new Map<string, number>();
    const out = (blocks as readonly Which[]).map((w, i) => {
      const sel = selectFrom(model, names, w, `${where}: blocks[${i}]`);
      if (sel.length === 0) throw new RangeError(`${where}: blocks[${i}] (${show(w)}) selects no parameter`);
      for (const n of sel) {
        if (owner.has(n)) throw new RangeError(`${where}: '${n}' is in blocks[${owner.get(n)}] and blocks[${i}]`);
        owner.set(n, i);
      }
      return sel;
    });
    const rest = names.filter((n) => !owner.has(n));
    if (rest.length > 0) throw new RangeError(`${where}: blocks leave out ${rest.slice(0, 5).map((n) => `'${n}'`).join(', ')}${rest.length > 5 ? ', ...' : ''}; every parameter must be in one block`);
    return out;
  }
  throw new TypeError(`${where}: blocks must be 'children', a RegExp or a list of selections, got ${show(blocks)}`);
}

/** The adapter marks its batch-norm units (TF.js BatchNormalization layers) through this hook. */
function isBatchNormUnit(model: Module, path: string): boolean {
  const m = model as Module & { isBatchNormUnit?: (path: string) => boolean };
  return typeof m.isBatchNormUnit === 'function' && m.isBatchNormUnit(path);
}
