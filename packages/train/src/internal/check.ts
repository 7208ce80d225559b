import { tf } from '@dl/core';

export function show(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (v instanceof tf.Tensor) return `a tensor of shape [${v.shape.join(', ')}]`;
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(v);
  }
}

export function checkObject(fn: string, name: string, v: unknown): void {
  if (v === null || typeof v !== 'object') throw new TypeError(`${fn}: ${name} must be an object, got ${show(v)}`);
}

export function checkInt(fn: string, name: string, v: unknown, min: number, fallback?: number): number {
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new RangeError(`${fn}: ${name} must be an integer >= ${min}, got ${show(v)}`);
  return v;
}

export function checkNumber(fn: string, name: string, v: unknown, ok: (x: number) => boolean, range: string, fallback?: number): number {
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) throw new RangeError(`${fn}: ${name} must be ${range}, got ${show(v)}`);
  return v;
}

export function checkOneOf<T extends string>(fn: string, name: string, v: unknown, allowed: readonly T[], fallback?: T): T {
  if (v === undefined && fallback !== undefined) return fallback;
  if (!allowed.includes(v as T)) throw new RangeError(`${fn}: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${show(v)}`);
  return v as T;
}

export function checkFunction(fn: string, name: string, v: unknown): void {
  if (typeof v !== 'function') throw new TypeError(`${fn}: ${name} must be a function, got ${show(v)}`);
}

/** Reads a scalar asynchronously (no dataSync: WebGPU in Node has no sync readback). */
export async function scalarValue(t: tf.Tensor): Promise<number> {
  return (await t.data())[0]!;
}
