import type { Module } from '@dl/layers';

/** A top-level unit of a model: what a depth counts and a layer name selects. */
export interface Endpoint {
  /** The name a user gives (a child name; a TF.js layer name for the adapter). */
  name: string;
  /** The module path holding its parameters, or undefined for a layer without weights. */
  path: string | undefined;
}

/** Implemented by modules whose units are not their children (the TF.js adapter: every layer, in topological order). */
export interface HasEndpoints {
  transferEndpoints(): Endpoint[];
}

export function hasEndpoints(m: unknown): m is HasEndpoints {
  return typeof (m as Partial<HasEndpoints>).transferEndpoints === 'function';
}

/** The units of `model`: its endpoints, or its direct children in order (PyTorch's `list(model.children())`). */
export function endpointsOf(model: Module): Endpoint[] {
  if (hasEndpoints(model)) return model.transferEndpoints();
  return Object.keys(model.children()).map((name) => ({ name, path: name }));
}
