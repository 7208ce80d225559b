// A parameter without a gradient (PyTorch's `grad is None`), as the Optimizer is to handle it:
// run the transformation's update with a zero gradient for it, then take back that parameter's
// entries of every plain object in the state whose keys are all parameter names (its moments,
// its step count, NAdam's mu_product, ...), and leave the parameter itself unchanged.
import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import type { GradientTransformation } from '../../src/index.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof tf.Tensor);

/**
 * `next` with the entries of the `missing` parameters taken from `old`, in every plain object
 * whose keys are all parameter `names`. With `numbers: false` only tensor entries are taken
 * back (numbers, such as step counts, keep advancing): how a step count shared by all
 * parameters would behave, to show that the fixtures tell the two apart.
 */
export function restoreEntries(next: unknown, old: unknown, missing: ReadonlySet<string>, names: ReadonlySet<string>, numbers = true): unknown {
  if (Array.isArray(next)) return Array.isArray(old) ? next.map((v, i) => restoreEntries(v, old[i], missing, names, numbers)) : next;
  if (!isPlainObject(next) || !isPlainObject(old)) return next;
  const keys = Object.keys(next);
  const perParam = keys.length > 0 && keys.every((k) => names.has(k));
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const restore = perParam && missing.has(k) && k in old && (numbers || typeof old[k] !== 'number');
    out[k] = restore ? old[k] : restoreEntries(next[k], old[k], missing, names, numbers);
  }
  return out;
}

function tensorsOf(v: unknown, out = new Set<tf.Tensor>()): Set<tf.Tensor> {
  if (v instanceof tf.Tensor) out.add(v);
  else if (Array.isArray(v)) for (const x of v) tensorsOf(x, out);
  else if (isPlainObject(v)) for (const x of Object.values(v)) tensorsOf(x, out);
  return out;
}

/**
 * One step on `params` with gradients for some of them (`given`): the update runs on all, with
 * zeros for the missing, their state entries are restored and their values kept. Returns the new
 * parameters and state; disposes what the old ones held that the new ones do not.
 */
export function stepWithMissing(
  tx: GradientTransformation<any>,
  state: unknown,
  params: NamedTensors,
  given: NamedTensors,
  options: { numbers?: boolean } = {},
): { params: NamedTensors; state: unknown } {
  const names = new Set(Object.keys(params));
  const missing = new Set([...names].filter((n) => given[n] === undefined));
  const next = tf.tidy(() => {
    const filled: NamedTensors = {};
    for (const n of names) filled[n] = given[n] ?? tf.zerosLike(params[n]!);
    const r = tx.update(filled, state, params);
    const restored = missing.size > 0 ? restoreEntries(r.state, state, missing, names, options.numbers ?? true) : r.state;
    const updated: NamedTensors = {};
    for (const n of names) updated[n] = missing.has(n) ? params[n]! : tf.add(params[n]!, r.updates[n]!);
    return { params: updated, state: restored } as unknown as tf.TensorContainer;
  }) as unknown as { params: NamedTensors; state: unknown };
  const keep = tensorsOf([next, given]);
  for (const t of tensorsOf([state, params])) if (!keep.has(t) && !t.isDisposed) t.dispose();
  return next;
}

/** The per-parameter step counts in a state: every record under a key `count` or `step` keyed by parameter names. */
export function stepCounts(state: unknown, names: ReadonlySet<string>, out: Record<string, number>[] = []): Record<string, number>[] {
  if (Array.isArray(state)) for (const v of state) stepCounts(v, names, out);
  else if (isPlainObject(state)) {
    for (const [k, v] of Object.entries(state)) {
      if ((k === 'count' || k === 'step') && isPlainObject(v) && Object.keys(v).length > 0 && Object.keys(v).every((n) => names.has(n))) {
        out.push(v as Record<string, number>);
      } else stepCounts(v, names, out);
    }
  }
  return out;
}
