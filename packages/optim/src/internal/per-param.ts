import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';

/** Runs `fn` once per name inside `tf.tidy`, so only what it returns survives. */
export function perParam<T extends tf.TensorContainer>(names: readonly string[], fn: (name: string) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const n of names) out[n] = tf.tidy(() => fn(n));
  return out;
}

/** Picks field `key` out of every per-name result. */
export function pick<T extends Record<string, tf.Tensor>>(rows: Record<string, T>, key: keyof T): NamedTensors {
  const out: NamedTensors = {};
  for (const [n, row] of Object.entries(rows)) out[n] = row[key]!;
  return out;
}

export function zerosLike(params: NamedTensors, fill = 0): NamedTensors {
  const out: NamedTensors = {};
  for (const [n, p] of Object.entries(params)) out[n] = fill === 0 ? tf.zerosLike(p) : tf.fill(p.shape, fill, 'float32');
  return out;
}

export function needParams(where: string, params: NamedTensors | undefined): NamedTensors {
  if (params === undefined) throw new TypeError(`${where}: update needs the current parameters (third argument)`);
  return params;
}

/**
 * A number per parameter, all `value` (PyTorch's per-parameter `state['step']`, NAdam's
 * `mu_product`). Kept in a record keyed by the parameter names, like the moment tensors, so
 * that what happens to one parameter's state happens to its count too.
 */
export function perName(params: NamedTensors, value: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of Object.keys(params)) out[n] = value;
  return out;
}
