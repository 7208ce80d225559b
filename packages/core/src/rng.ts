import * as tf from '@tensorflow/tfjs-core';
import { show } from './internal/errors.js';

/** The serialisable state of an {@link Rng}: four 32-bit words of xoshiro128**. */
export interface RngState {
  algorithm: 'xoshiro128**';
  state: [number, number, number, number];
}

/** A seed or an existing generator: what every random function of these packages accepts. */
export type SeedLike = number | Rng;

const TWO_32 = 4294967296;

function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function checkSeed(seed: unknown, where: string): asserts seed is number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new TypeError(`${where}: seed must be a safe integer, got ${show(seed)}`);
  }
}

function checkShape(shape: unknown, where: string): asserts shape is number[] {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new TypeError(`${where}: shape must be an array of non-negative integers, got ${show(shape)}`);
  }
}

/**
 * A seeded, splittable pseudo-random generator (xoshiro128**, seeded through splitmix32).
 * It draws plain numbers in JavaScript and hands integer seeds to TF.js's random ops,
 * whose values are generated on the CPU side and so are identical on every backend.
 */
export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /** `seed` is any safe integer; the same seed gives the same stream. */
  constructor(seed: number) {
    checkSeed(seed, 'Rng');
    const lo = seed >>> 0;
    const hi = Math.floor(seed / TWO_32) >>> 0;
    let x = splitmix32(lo ^ splitmix32(hi ^ 0x6a09e667));
    this.s0 = x = splitmix32(x);
    this.s1 = x = splitmix32(x);
    this.s2 = x = splitmix32(x);
    this.s3 = x = splitmix32(x);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Restores a generator saved with {@link Rng.getState}. */
  static fromState(state: RngState): Rng {
    const words = state?.state;
    if (
      state?.algorithm !== 'xoshiro128**' ||
      !Array.isArray(words) ||
      words.length !== 4 ||
      words.some((w) => !Number.isInteger(w) || w < 0 || w >= TWO_32) ||
      words.every((w) => w === 0)
    ) {
      throw new TypeError(`Rng.fromState: expected {algorithm: 'xoshiro128**', state: four uint32 words, not all zero}, got ${show(state)}`);
    }
    const rng = new Rng(0);
    [rng.s0, rng.s1, rng.s2, rng.s3] = words;
    return rng;
  }

  /** The state, as plain JSON, to store in a checkpoint and resume the same stream. */
  getState(): RngState {
    return { algorithm: 'xoshiro128**', state: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0] };
  }

  /** An independent copy at the same position. */
  clone(): Rng {
    return Rng.fromState(this.getState());
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform float in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform integer in [min, max) (or [0, min) with one argument), without modulo bias. */
  int(min: number, max?: number): number {
    const [lo, hi] = max === undefined ? [0, min] : [min, max];
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi <= lo) {
      throw new RangeError(`Rng.int: need integers min < max, got ${show(lo)} and ${show(hi)}`);
    }
    const range = hi - lo;
    if (range <= TWO_32) {
      const limit = TWO_32 - (TWO_32 % range);
      let x: number;
      do x = this.nextUint32();
      while (x >= limit);
      return lo + (x % range);
    }
    return lo + Math.floor(this.next() * range);
  }

  /** A fresh integer seed for a TF.js random op (`tf.randomUniform(..., seed)`). */
  seed(): number {
    return this.nextUint32();
  }

  /** One child generator (or `n` of them), independent of each other and of the parent's later draws. */
  split(): Rng;
  split(n: number): Rng[];
  split(n?: number): Rng | Rng[] {
    if (n === undefined) return this.child();
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`Rng.split: n must be a non-negative integer, got ${show(n)}`);
    return Array.from({ length: n }, () => this.child());
  }

  private child(): Rng {
    const rng = new Rng(0);
    rng.s0 = splitmix32(this.nextUint32() ^ 0x243f6a88);
    rng.s1 = splitmix32(this.nextUint32() ^ 0x85a308d3);
    rng.s2 = splitmix32(this.nextUint32() ^ 0x13198a2e);
    rng.s3 = splitmix32(this.nextUint32() ^ 0x03707344);
    if ((rng.s0 | rng.s1 | rng.s2 | rng.s3) === 0) rng.s0 = 1;
    return rng;
  }

  /** A standard normal draw (Box–Muller) as a plain number. */
  gaussian(): number {
    let u = 0;
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** A random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`Rng.permutation: n must be a non-negative integer, got ${show(n)}`);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = out[i]!;
      out[i] = out[j]!;
      out[j] = t;
    }
    return out;
  }

  /** A shuffled copy of `items`. */
  shuffle<T>(items: readonly T[]): T[] {
    const order = this.permutation(items.length);
    return Array.from(order, (i) => items[i]!);
  }

  /** A tensor of uniform values in [min, max). */
  uniform(shape: number[], options: { min?: number; max?: number; dtype?: 'float32' | 'int32' } = {}): tf.Tensor {
    checkShape(shape, 'Rng.uniform');
    const { min = 0, max = 1, dtype = 'float32' } = options;
    if (!(min < max)) throw new RangeError(`Rng.uniform: min must be below max, got min ${show(min)}, max ${show(max)}`);
    return tf.randomUniform(shape, min, max, dtype, this.seed());
  }

  /** A tensor of normal values. */
  normal(shape: number[], options: { mean?: number; std?: number; dtype?: 'float32' | 'int32' } = {}): tf.Tensor {
    checkShape(shape, 'Rng.normal');
    const { mean = 0, std = 1, dtype = 'float32' } = options;
    if (!(std >= 0)) throw new RangeError(`Rng.normal: std must be >= 0, got ${show(std)}`);
    return tf.randomNormal(shape, mean, std, dtype, this.seed());
  }

  /** A tensor of normal values redrawn until within two standard deviations of the mean (TF.js's truncatedNormal). */
  truncatedNormal(shape: number[], options: { mean?: number; std?: number; dtype?: 'float32' | 'int32' } = {}): tf.Tensor {
    checkShape(shape, 'Rng.truncatedNormal');
    const { mean = 0, std = 1, dtype = 'float32' } = options;
    if (!(std >= 0)) throw new RangeError(`Rng.truncatedNormal: std must be >= 0, got ${show(std)}`);
    return tf.truncatedNormal(shape, mean, std, dtype, this.seed());
  }

  /** A float32 tensor of 0/1 values, 1 with probability `p`. */
  bernoulli(shape: number[], p: number): tf.Tensor {
    checkShape(shape, 'Rng.bernoulli');
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Rng.bernoulli: p must be in [0, 1], got ${show(p)}`);
    const seed = this.seed();
    return tf.tidy(() => tf.cast(tf.less(tf.randomUniform(shape, 0, 1, 'float32', seed), p), 'float32'));
  }
}

/** Turns what a user passed as `seed` (a number, an Rng or nothing) into a generator. */
export function toRng(seed: SeedLike | undefined, where = 'seed'): Rng {
  if (seed instanceof Rng) return seed;
  if (seed === undefined) return new Rng(Math.floor(Math.random() * TWO_32));
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new TypeError(`${where}: seed must be a safe integer or an Rng, got ${show(seed)}`);
  }
  return new Rng(seed);
}
