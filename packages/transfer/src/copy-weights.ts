import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import { Module } from '@dl/layers';
import { checkInt, checkKeys, checkObject, show } from './internal/check.js';
import { checkModule } from './internal/modules.js';
import { blocksOf } from './parameter-blocks.js';
import { selectFrom } from './select.js';
import type { Which } from './select.js';

export interface CopyWeightsOptions {
  /** Only these target names (parameters and buffers; default all). */
  include?: Which;
  /** Not these. */
  exclude?: Which;
  /** Only the first n parameter blocks (`parameterBlocks`), with their buffers: "copy the first n layers". */
  upTo?: number;
}

/**
 * Copies weights by name from a module or a state dict into `target` (parameters and buffers).
 * Every selected name must exist in the source with the same shape: checked for all of them
 * before any variable changes (a RangeError listing the mismatches). Returns the names copied.
 */
export function copyWeights(source: Module | NamedTensors, target: Module, options: CopyWeightsOptions = {}): string[] {
  const where = 'copyWeights';
  checkModule(where, target);
  checkObject(where, 'options', options);
  checkKeys(where, options, ['include', 'exclude', 'upTo']);
  const live: Record<string, tf.Variable> = { ...target.parameters(), ...target.buffers() };
  const src: NamedTensors = source instanceof Module ? { ...source.parameters(), ...source.buffers() } : (source as NamedTensors);
  if (src === null || typeof src !== 'object') throw new TypeError(`${where}: source must be a Module or a record of tensors, got ${show(source)}`);
  let names = Object.keys(live);
  if (options.upTo !== undefined) {
    const params = Object.keys(target.parameters());
    const blocks = blocksOf(target, params, 'children', where);
    checkInt(where, 'upTo', options.upTo, 1, blocks.length);
    const kept = blocks.slice(0, options.upTo).flat();
    const modules = new Set(kept.map((n) => n.slice(0, n.lastIndexOf('.'))));
    // a kept parameter's module brings its buffers (batch norm's running statistics)
    names = names.filter((n) => kept.includes(n) || (!params.includes(n) && modules.has(n.slice(0, n.lastIndexOf('.')))));
  }
  if (options.include !== undefined) {
    const inc = new Set(selectFrom(target, names, options.include, `${where}: include`));
    names = names.filter((n) => inc.has(n));
  }
  if (options.exclude !== undefined) {
    const exc = new Set(selectFrom(target, names, options.exclude, `${where}: exclude`));
    names = names.filter((n) => !exc.has(n));
  }
  if (names.length === 0) throw new RangeError(`${where}: nothing selected to copy`);
  const problems: string[] = [];
  for (const n of names) {
    const t = src[n];
    if (t === undefined) problems.push(`'${n}' is missing from the source`);
    else if (!(t instanceof tf.Tensor)) problems.push(`'${n}' is not a tensor in the source`);
    else if (!tf.util.arraysEqual(t.shape, live[n]!.shape)) problems.push(`'${n}' is [${t.shape.join(', ')}] in the source, [${live[n]!.shape.join(', ')}] in the target`);
  }
  if (problems.length > 0) throw new RangeError(`${where}: ${problems.slice(0, 6).join('; ')}${problems.length > 6 ? `; and ${problems.length - 6} more` : ''}`);
  for (const n of names) {
    const v = live[n]!;
    const t = src[n]!;
    if (t !== v) tf.tidy(() => v.assign(t.dtype === v.dtype ? t : tf.cast(t, v.dtype)));
  }
  return names;
}
