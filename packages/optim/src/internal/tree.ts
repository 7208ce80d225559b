// Walking transformation states: collecting their tensors, turning them into JSON plus a
// flat list of tensors and back.
import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import type { StateValue } from '../types.js';

export type JsonValue = number | boolean | string | null | JsonValue[] | { [key: string]: JsonValue };

export const isTensor = (v: unknown): v is tf.Tensor => v instanceof tf.Tensor;

const isPlainObject = (v: unknown): v is Record<string, StateValue> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !isTensor(v);

export function collectTensors(state: unknown, out: Set<tf.Tensor> = new Set()): Set<tf.Tensor> {
  if (isTensor(state)) out.add(state);
  else if (Array.isArray(state)) for (const v of state) collectTensors(v, out);
  else if (isPlainObject(state)) for (const v of Object.values(state)) collectTensors(v, out);
  return out;
}

/** Disposes the tensors of `old` that `keep` does not hold (states pass unchanged tensors on). */
export function disposeReplaced(old: unknown, keep: unknown): void {
  const kept = collectTensors(keep);
  for (const t of collectTensors(old)) if (!kept.has(t) && !t.isDisposed) t.dispose();
}

/** JSON with `{"$tensor": key}` for tensors and `{"$schedule": true}` for schedules (code is not state). */
export function serializeState(state: unknown, tensors: NamedTensors, where: string): JsonValue {
  if (isTensor(state)) {
    const key = `t${Object.keys(tensors).length}`;
    tensors[key] = state;
    return { $tensor: key };
  }
  if (typeof state === 'function') return { $schedule: true };
  if (Array.isArray(state)) return state.map((v) => serializeState(v, tensors, where));
  if (isPlainObject(state)) {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(state)) out[k] = serializeState(v, tensors, `${where}.${k}`);
    return out;
  }
  if (state === undefined) return null;
  return state as JsonValue;
}

/**
 * Checks that `json` has the structure of `current` (same keys, tensors of the same shapes)
 * without making a tensor, so a wrong state dict throws before anything changes.
 */
export function checkSerialized(json: JsonValue, current: unknown, tensors: NamedTensors, path: string): void {
  const fail = (why: string): never => {
    throw new RangeError(`Optimizer.loadStateDict: state${path} ${why}`);
  };
  if (isTensor(current)) {
    const key = isPlainObject(json) ? (json as Record<string, JsonValue>).$tensor : undefined;
    if (typeof key !== 'string') fail('should be a tensor');
    const t = tensors[key as string];
    if (t === undefined) fail(`refers to a missing tensor ${JSON.stringify(key)}`);
    if (t!.shape.length !== current.shape.length || t!.shape.some((d, i) => d !== current.shape[i])) {
      fail(`has shape [${t!.shape.join(', ')}], expected [${current.shape.join(', ')}]`);
    }
    return;
  }
  if (typeof current === 'function') return;
  if (isPlainObject(json) && (json as Record<string, JsonValue>).$schedule === true) {
    fail('was a schedule when saved: give the optimizer the same schedule before loading');
  }
  if (Array.isArray(current)) {
    if (!Array.isArray(json) || json.length !== current.length) fail(`should be a list of ${current.length}`);
    current.forEach((v, i) => checkSerialized((json as JsonValue[])[i]!, v, tensors, `${path}[${i}]`));
    return;
  }
  if (isPlainObject(current)) {
    if (!isPlainObject(json)) fail('should be an object');
    const j = json as Record<string, JsonValue>;
    const a = Object.keys(current).sort().join(',');
    const b = Object.keys(j).sort().join(',');
    if (a !== b) fail(`has keys {${b}}, expected {${a}}`);
    for (const [k, v] of Object.entries(current)) checkSerialized(j[k]!, v, tensors, `${path}.${k}`);
    return;
  }
  if (current !== null && current !== undefined && typeof json !== typeof current) {
    fail(`should be a ${typeof current}, got ${JSON.stringify(json)}`);
  }
}

/** Rebuilds a state from checked JSON, cloning tensors and keeping the current schedules. */
export function deserializeState(json: JsonValue, current: unknown, tensors: NamedTensors): unknown {
  if (isTensor(current)) return tf.clone(tensors[(json as { $tensor: string }).$tensor]!);
  // A schedule stays (code is not state), unless a plain number replaced it before saving.
  if (typeof current === 'function') return typeof json === 'number' ? json : current;
  if (Array.isArray(current)) return current.map((v, i) => deserializeState((json as JsonValue[])[i]!, v, tensors));
  if (isPlainObject(current)) {
    const j = json as Record<string, JsonValue>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(current)) out[k] = deserializeState(j[k]!, v, tensors);
    return out;
  }
  return json;
}
