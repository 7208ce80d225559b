import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import { Module } from '@dl/layers';
import { show } from './checks.js';
import { fromCpu } from './cpu-weights.js';
import type { CpuTensor, CpuWeights } from './cpu-weights.js';
import { allVariables, architectureDifference } from './modules.js';

/** An ensemble member: a module, or a weight set of `model`'s architecture (tensors or CPU arrays, e.g. a snapshot's). */
export type Member = Module | NamedTensors | CpuWeights;

export interface MemberOptions {
  model?: Module;
  weights?: readonly number[];
  sameArchitecture?: boolean;
}

const isCpu = (t: unknown): t is CpuTensor =>
  t !== null && typeof t === 'object' && Array.isArray((t as CpuTensor).shape) && ((t as CpuTensor).data instanceof Float32Array || (t as CpuTensor).data instanceof Int32Array);

function shapes(set: Record<string, unknown>, fn: string, i: number): Record<string, { shape: readonly number[]; dtype: string }> {
  const out: Record<string, { shape: readonly number[]; dtype: string }> = {};
  for (const [k, t] of Object.entries(set)) {
    if (t instanceof tf.Tensor) {
      if (t.isDisposed) throw new TypeError(`${fn}: member ${i}'s '${k}' is disposed`);
      out[k] = { shape: t.shape, dtype: t.dtype };
    } else if (isCpu(t)) out[k] = { shape: t.shape, dtype: t.dtype };
    else throw new TypeError(`${fn}: member ${i} must be a Module or a weight set (tensors or CPU arrays by name); '${k}' is ${show(t)}`);
  }
  return out;
}

/**
 * Checks the members, the `model` that weight sets need and the member weights, before any
 * tensor is made: an empty ensemble, a weight set without `model`, members of different
 * architectures (by names, shapes and dtypes) and bad weights throw, naming the member.
 */
export function checkMembers(fn: string, members: unknown, o: MemberOptions): Member[] {
  if (!Array.isArray(members)) throw new TypeError(`${fn}: members must be an array of modules or weight sets, got ${show(members)}`);
  if (members.length === 0) throw new RangeError(`${fn}: the ensemble is empty (members has no entries)`);
  if (o.model !== undefined && !(o.model instanceof Module)) throw new TypeError(`${fn}: model must be a Module from @dl/layers, got ${show(o.model)}`);
  const same = o.sameArchitecture ?? true;
  if (typeof same !== 'boolean') throw new TypeError(`${fn}: sameArchitecture must be a boolean, got ${show(same)}`);
  let reference: Record<string, { shape: readonly number[]; dtype: string }> | undefined = o.model ? allVariables(o.model) : undefined;
  members.forEach((m, i) => {
    if (m === null || typeof m !== 'object') throw new TypeError(`${fn}: member ${i} must be a Module or a weight set, got ${show(m)}`);
    if (m instanceof Module) {
      if (!same) return;
      const mine = allVariables(m);
      if (!reference) reference = mine;
      const diff = architectureDifference(reference, mine);
      if (diff !== undefined) throw new RangeError(`${fn}: member ${i} is of a different architecture: ${diff} (pass sameArchitecture: false to ensemble different networks)`);
      return;
    }
    if (!o.model) throw new TypeError(`${fn}: member ${i} is a weight set: give options.model, a module of its architecture to load it into`);
    const diff = architectureDifference(allVariables(o.model), shapes(m as Record<string, unknown>, fn, i));
    if (diff !== undefined) throw new RangeError(`${fn}: member ${i} is not of model's architecture: ${diff}`);
  });
  if (o.weights !== undefined) {
    const w = o.weights;
    if (!Array.isArray(w) || w.length !== members.length) throw new RangeError(`${fn}: weights must be an array of ${members.length} numbers (one per member), got ${show(w)}`);
    w.forEach((x, i) => {
      if (typeof x !== 'number' || !(x >= 0) || !Number.isFinite(x)) throw new RangeError(`${fn}: weights[${i}] must be a finite number >= 0, got ${show(x)}`);
    });
    if (!w.some((x) => x > 0)) throw new RangeError(`${fn}: weights must not all be 0`);
  }
  return members as Member[];
}

/** Runs `fn` with member `m` as a module: itself, or its weights loaded into `model` (restored afterwards). */
export function withMember<T>(m: Member, model: Module | undefined, fn: (module: Module) => T): T {
  if (m instanceof Module) return fn(m);
  const saved = model!.stateDict();
  const values = Object.values(m).some(isCpu) ? fromCpu(m as CpuWeights) : undefined;
  try {
    model!.loadStateDict(values ?? (m as NamedTensors));
    return fn(model!);
  } finally {
    model!.loadStateDict(saved);
    tf.dispose(saved);
    if (values) tf.dispose(values);
  }
}
