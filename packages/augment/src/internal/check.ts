import { tf } from '@dl/core';

/** Formats a value for an error message. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (typeof value === 'function') return 'a function';
  if (value instanceof tf.Tensor) return `a tensor of shape [${value.shape.join(', ')}]`;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** Throws unless `images` is a float32 NHWC batch. */
export function assertImages(images: unknown, fn: string, name = 'images'): asserts images is tf.Tensor4D {
  if (!(images instanceof tf.Tensor)) throw new TypeError(`${fn}: ${name} must be a tensor of shape [batch, height, width, channels], got ${show(images)}`);
  if (images.rank !== 4) {
    throw new TypeError(`${fn}: ${name} must be an NHWC batch (rank 4: [batch, height, width, channels]), got shape [${images.shape.join(', ')}]`);
  }
  if (images.dtype !== 'float32') throw new TypeError(`${fn}: ${name} must be float32 in [0, 1], got dtype ${images.dtype}`);
}

export function checkProbability(p: unknown, fn: string, name = 'p'): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new RangeError(`${fn}: ${name} must be in [0, 1], got ${show(p)}`);
  return p;
}

export function checkFinite(x: unknown, fn: string, name: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new RangeError(`${fn}: ${name} must be a finite number, got ${show(x)}`);
  return x;
}

export function checkNonNegative(x: unknown, fn: string, name: string): number {
  if (typeof x !== 'number' || !(x >= 0) || !Number.isFinite(x)) throw new RangeError(`${fn}: ${name} must be a finite number >= 0, got ${show(x)}`);
  return x;
}

export function checkPositive(x: unknown, fn: string, name: string): number {
  if (typeof x !== 'number' || !(x > 0) || !Number.isFinite(x)) throw new RangeError(`${fn}: ${name} must be a finite number > 0, got ${show(x)}`);
  return x;
}

export function checkInteger(x: unknown, fn: string, name: string, min = 0): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min) throw new RangeError(`${fn}: ${name} must be an integer >= ${min}, got ${show(x)}`);
  return x;
}

/** A size as torchvision takes it: `n` (square) or `[height, width]`, positive integers. */
export function checkSize(size: unknown, fn: string, name = 'size'): [number, number] {
  const pair = typeof size === 'number' ? [size, size] : size;
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((s) => typeof s === 'number' && Number.isSafeInteger(s) && s > 0)) {
    throw new RangeError(`${fn}: ${name} must be a positive integer or [height, width] of positive integers, got ${show(size)}`);
  }
  return [pair[0] as number, pair[1] as number];
}

/** `[lo, hi]` with lo <= hi, each in [min, max]. */
export function checkInterval(x: unknown, fn: string, name: string, min = -Infinity, max = Infinity): [number, number] {
  if (!Array.isArray(x) || x.length !== 2 || !x.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max) || x[0] > x[1]) {
    throw new RangeError(`${fn}: ${name} must be [min, max] with min <= max, both in [${min}, ${max}], got ${show(x)}`);
  }
  return [x[0] as number, x[1] as number];
}

/** A value per image: one number for all, or an array of `n`. */
export function perImage(x: unknown, n: number, fn: string, name: string, check: (v: number) => boolean = Number.isFinite, range = 'a finite number'): number[] {
  if (typeof x === 'number') {
    if (!check(x)) throw new RangeError(`${fn}: ${name} must be ${range}, got ${show(x)}`);
    return Array.from({ length: n }, () => x);
  }
  if (Array.isArray(x) || ArrayBuffer.isView(x)) {
    const a = Array.from(x as ArrayLike<number>);
    if (a.length !== n) throw new RangeError(`${fn}: ${name} must have one value per image (${n}), got ${a.length}`);
    for (const v of a) if (typeof v !== 'number' || !check(v)) throw new RangeError(`${fn}: ${name} must be ${range}, got ${show(v)}`);
    return a;
  }
  throw new TypeError(`${fn}: ${name} must be a number or an array of one number per image, got ${show(x)}`);
}

/** A fill value: one number, or one per channel. */
export function checkFill(fill: unknown, channels: number, fn: string, name = 'fill'): number[] {
  if (typeof fill === 'number' && Number.isFinite(fill)) return Array.from({ length: channels }, () => fill);
  if (Array.isArray(fill) && fill.length === channels && fill.every((v) => typeof v === 'number' && Number.isFinite(v))) return fill as number[];
  throw new RangeError(`${fn}: ${name} must be a finite number or one per channel (${channels}), got ${show(fill)}`);
}

export function checkOneOf<T extends string>(x: unknown, allowed: readonly T[], fn: string, name: string): T {
  if (typeof x !== 'string' || !(allowed as readonly string[]).includes(x)) {
    throw new RangeError(`${fn}: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${show(x)}`);
  }
  return x as T;
}

/** Python's round(): halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
