import { Module } from '@dl/layers';

/** A module and its dotted path from the root ('' for the root). */
export interface Entry {
  path: string;
  module: Module;
}

/** Every module under `root`, depth first in registration order, with its dotted path. */
export function walk(root: Module, prefix = ''): Entry[] {
  const out: Entry[] = [{ path: prefix, module: root }];
  for (const [name, child] of Object.entries(root.children())) out.push(...walk(child, prefix === '' ? name : `${prefix}.${name}`));
  return out;
}

/** Whether parameter (or module path) `name` lies under the module path `path` ('' is the root). */
export function under(name: string, path: string): boolean {
  return path === '' || name === path || name.startsWith(`${path}.`);
}

export function checkModule(where: string, model: unknown): asserts model is Module {
  if (!(model instanceof Module)) {
    throw new TypeError(`${where}: model must be a @dl/layers Module (or a TF.js LayersModel wrapped by fromLayersModel), got ${model === null ? 'null' : typeof model}`);
  }
}
