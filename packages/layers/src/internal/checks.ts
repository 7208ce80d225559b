import { tf } from '@dl/core';

/** Formats a value for an error message: strings quoted, arrays and objects as JSON. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export function checkInt(value: unknown, name: string, where: string, min = 1): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new TypeError(`${where}: ${name} must be an integer, got ${show(value)}`);
  if (value < min) throw new RangeError(`${where}: ${name} must be >= ${min}, got ${show(value)}`);
}

export function checkFinite(value: unknown, name: string, where: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${where}: ${name} must be a finite number, got ${show(value)}`);
}

export function checkRange(value: unknown, name: string, where: string, lo: number, hi: number, hiOpen = true): asserts value is number {
  checkFinite(value, name, where);
  if (value < lo || (hiOpen ? value >= hi : value > hi)) {
    throw new RangeError(`${where}: ${name} must be in [${lo}, ${hi}${hiOpen ? ')' : ']'}, got ${show(value)}`);
  }
}

export function checkOptions(options: unknown, where: string): void {
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    throw new TypeError(`${where}: options must be an object, got ${show(options)}`);
  }
}

export function checkOneOf<T extends string>(value: unknown, allowed: readonly T[], name: string, where: string): asserts value is T {
  if (!allowed.includes(value as T)) throw new RangeError(`${where}: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${show(value)}`);
}

/** A pair option given as `n` or `[a, b]`. */
export function pair(value: unknown, name: string, where: string, min = 1): [number, number] {
  const v = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(v) || v.length !== 2) throw new TypeError(`${where}: ${name} must be an integer or a pair of integers, got ${show(value)}`);
  checkInt(v[0], name, where, min);
  checkInt(v[1], name, where, min);
  return [v[0], v[1]];
}

export function checkTensor(x: unknown, where: string): asserts x is tf.Tensor {
  if (!(x instanceof tf.Tensor)) throw new TypeError(`${where}: input must be a tf.Tensor, got ${show(x)}`);
  if (x.isDisposed) throw new TypeError(`${where}: input tensor is disposed`);
}

/** Throws a RangeError naming the layer, the expected and the received shape. */
export function shapeError(where: string, expected: string, x: tf.Tensor, why = ''): never {
  throw new RangeError(`${where}: expected input of shape ${expected}, got [${x.shape.join(', ')}]${why ? ` (${why})` : ''}`);
}

/** Rank and (optionally) channel count of the last axis. */
export function checkInput(x: unknown, where: string, rank: number, expected: string, channels?: number): asserts x is tf.Tensor {
  checkTensor(x, where);
  if (x.rank !== rank) shapeError(where, expected, x, `rank ${rank} expected, got rank ${x.rank}`);
  if (channels !== undefined && x.shape[rank - 1] !== channels) shapeError(where, expected, x, `${channels} channels expected on the last axis`);
}
