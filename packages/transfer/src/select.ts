import type { Module } from '@dl/layers';
import { closest } from './internal/closest.js';
import { show } from './internal/check.js';
import { endpointsOf } from './internal/endpoints.js';
import { checkModule, under, walk } from './internal/modules.js';

/**
 * Which parameters: a depth (the first n top-level children, PyTorch's `list(m.children())[:n]`;
 * for a TF.js model the first n layers), child paths or parameter names (`'0'`, `'features.2'`,
 * `'0.kernel'`; a path selects everything under it; for a TF.js model also layer names), a RegExp
 * tested against parameter names, or a predicate on the dotted parameter name.
 */
export type Which = number | string | readonly string[] | RegExp | ((name: string) => boolean);

/**
 * The names of the parameters `which` selects, in the model's order. Throws a RangeError, before
 * anything changes, for an unknown name (listing the three closest names), a depth outside
 * `1..units` and a selection that is empty.
 */
export function selectParameters(model: Module, which: Which, where = 'selectParameters'): string[] {
  checkModule(where, model);
  const names = Object.keys(model.parameters());
  const selected = selectFrom(model, names, which, where);
  if (selected.length === 0) throw new RangeError(`${where}: ${show(which)} selects no parameter`);
  return selected;
}

/** The same over any list of names (parameters and buffers); may be empty. */
export function selectFrom(model: Module, names: readonly string[], which: Which, where: string): string[] {
  if (typeof which === 'number') {
    const units = endpointsOf(model);
    if (!Number.isInteger(which) || which < 1 || which > units.length) {
      throw new RangeError(`${where}: a depth must be an integer in [1, ${units.length}] (the model's top-level units), got ${show(which)}`);
    }
    const paths = units.slice(0, which).flatMap((u) => (u.path === undefined ? [] : [u.path]));
    return names.filter((n) => paths.some((p) => under(n, p)));
  }
  if (typeof which === 'string' || Array.isArray(which)) {
    const list = (typeof which === 'string' ? [which] : which) as readonly unknown[];
    const paths = resolvePaths(model, names, list, where);
    return names.filter((n) => paths.some((p) => under(n, p)));
  }
  if (which instanceof RegExp) return names.filter((n) => new RegExp(which.source, which.flags.replace('g', '')).test(n));
  if (typeof which === 'function') {
    return names.filter((n) => {
      const r = (which as (name: string) => unknown)(n);
      if (typeof r !== 'boolean') throw new TypeError(`${where}: the predicate must return a boolean, got ${show(r)} for '${n}'`);
      return r;
    });
  }
  throw new TypeError(`${where}: which must be a depth, a name or a list of names, a RegExp or a predicate (name) => boolean, got ${show(which)}`);
}

/** Each entry as a module path or a parameter name; an endpoint name maps to its module path. */
function resolvePaths(model: Module, names: readonly string[], list: readonly unknown[], where: string): string[] {
  const modules = walk(model).map((e) => e.path).filter((p) => p !== '');
  const endpoints = endpointsOf(model);
  const out: string[] = [];
  for (const item of list) {
    if (typeof item !== 'string' || item === '') throw new TypeError(`${where}: names must be non-empty strings, got ${show(item)}`);
    const ep = endpoints.find((e) => e.name === item);
    if (ep !== undefined) {
      if (ep.path !== undefined) out.push(ep.path);
      continue;
    }
    if (modules.includes(item) || names.includes(item)) {
      out.push(item);
      continue;
    }
    const candidates = [...endpoints.map((e) => e.name), ...modules, ...names];
    throw new RangeError(`${where}: no layer or parameter named '${item}'; the closest are ${closest(item, candidates)}`);
  }
  return out;
}
