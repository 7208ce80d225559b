import { tf, toRng } from '@dl/core';
import type { Rng, SeedLike } from '@dl/core';
import { checkInput, checkOptions, pair, shapeError, show } from './internal/checks.js';
import { Module } from './module.js';
import type { ApplyOptions } from './module.js';

export interface FractionalMaxPool2dOptions {
  /** Output size as a fraction of the input's: `floor(in · ratio)`, PyTorch's rule; in (0, 1]. */
  outputRatio?: number | [number, number];
  /** Or a fixed output size. */
  outputSize?: number | [number, number];
  /** Regions share their boundary row/column with the next one (Graham's overlapping pooling); default false. */
  overlapping?: boolean;
  /** `true` (default): pseudo-random sequences `⌈α(i + u)⌉`; `false`: random ones (a shuffled mix of the two increments). */
  pseudoRandom?: boolean;
  seed?: SeedLike;
}

/**
 * Region boundaries `0 = a₀ < a₁ < … < a_out = n` with increments ⌊α⌋ or ⌈α⌉, α = n / out
 * (Graham 2014): pseudo-random `aᵢ = ⌈α(i + u)⌉ − ⌈αu⌉` with a random offset u, or random
 * (the increments shuffled).
 */
export function fractionalSequence(n: number, out: number, pseudoRandom: boolean, rng: Rng): number[] {
  const alpha = n / out;
  const a: number[] = [0];
  if (pseudoRandom) {
    const u = rng.next();
    const base = Math.ceil(alpha * u);
    for (let i = 1; i < out; i++) a.push(Math.ceil(alpha * (i + u)) - base);
  } else {
    const lo = Math.floor(alpha);
    const big = n - out * lo;
    const incs = rng.shuffle(Array.from({ length: out }, (_, i) => (i < big ? lo + 1 : lo)));
    for (let i = 0; i < out - 1; i++) a.push(a[i]! + incs[i]!);
  }
  a.push(n);
  return a;
}

/**
 * A 0/1 selection matrix `[out · k, n]` for one axis: row `i·k + j` picks pixel `aᵢ + j` of
 * region i, which covers `aᵢ … aᵢ₊₁ − 1` (disjoint) or `aᵢ … aᵢ₊₁` (overlapping). Rows past
 * a short region's end pick nothing and are flagged in `pad`, so they can be set below every
 * value (a repeated index would tie with the maximum and double its gradient).
 */
function selection(a: number[], n: number, overlapping: boolean): { select: Float32Array; pad: Float32Array; k: number } {
  const out = a.length - 1;
  const ends = Array.from({ length: out }, (_, i) => Math.min(overlapping ? a[i + 1]! : a[i + 1]! - 1, n - 1));
  const k = Math.max(...ends.map((e, i) => e - a[i]! + 1));
  const select = new Float32Array(out * k * n);
  const pad = new Float32Array(out * k);
  for (let i = 0; i < out; i++) {
    for (let j = 0; j < k; j++) {
      const r = a[i]! + j;
      if (r <= ends[i]!) select[(i * k + j) * n + r] = 1;
      else pad[i * k + j] = 1;
    }
  }
  return { select, pad, k };
}

/**
 * Max over regions along axis 1 of `x` `[n, len, rest, c]`: `[n, out, rest, c]`. Selection by
 * matrix product rather than `gather`, whose gradient (UnsortedSegmentSum) wasm lacks.
 */
function poolAxis1(x: tf.Tensor4D, a: number[], overlapping: boolean, floor: tf.Tensor): tf.Tensor4D {
  const [n, len, rest, c] = x.shape;
  const out = a.length - 1;
  const { select, pad, k } = selection(a, len, overlapping);
  const cols = tf.transpose(x, [1, 0, 2, 3]).reshape([len, n * rest * c]);
  const picked = tf.add(tf.matMul(tf.tensor2d(select, [out * k, len]), cols), tf.mul(tf.tensor2d(pad, [out * k, 1]), floor));
  const pooled = tf.max(picked.reshape([out, k, n * rest * c]), 1);
  return tf.transpose(pooled.reshape([out, n, rest, c]), [1, 0, 2, 3]) as tf.Tensor4D;
}

/**
 * Fractional max pooling (Graham 2014; PyTorch's `nn.FractionalMaxPool2d` output sizes) on
 * NHWC input: the image is cut into `out` rows and columns of pooling regions of 1 or 2
 * pixels (for ratios in [1/2, 1)), chosen at random on each call, and each region max-pooled.
 * One region layout per call, shared by the batch and channels (PyTorch draws one per sample
 * and channel). Random in eval mode too, as PyTorch; pass the same `rng` to repeat a layout.
 */
export class FractionalMaxPool2d extends Module {
  readonly outputRatio?: [number, number];
  readonly outputSize?: [number, number];
  readonly overlapping: boolean;
  readonly pseudoRandom: boolean;
  readonly rng: Rng;

  constructor(options: FractionalMaxPool2dOptions) {
    super('fractionalMaxPool2d');
    const where = this.kind;
    checkOptions(options, where);
    if (options === undefined || (options.outputRatio === undefined) === (options.outputSize === undefined)) {
      throw new TypeError(`${where}: give exactly one of outputRatio and outputSize`);
    }
    if (options.outputRatio !== undefined) {
      const r = typeof options.outputRatio === 'number' ? [options.outputRatio, options.outputRatio] : options.outputRatio;
      if (!Array.isArray(r) || r.length !== 2 || r.some((v) => typeof v !== 'number' || !(v > 0 && v <= 1))) {
        throw new RangeError(`${where}: outputRatio must be in (0, 1] (or a pair of such), got ${show(options.outputRatio)}`);
      }
      this.outputRatio = [r[0]!, r[1]!];
    } else {
      this.outputSize = pair(options.outputSize, 'outputSize', where);
    }
    this.overlapping = options.overlapping ?? false;
    this.pseudoRandom = options.pseudoRandom ?? true;
    this.rng = toRng(options.seed, where);
  }

  /** The output height and width for an input of `h × w` (PyTorch: `floor(in · ratio)`). */
  outputShape(h: number, w: number): [number, number] {
    if (this.outputSize) return this.outputSize;
    const [rh, rw] = this.outputRatio!;
    return [Math.floor(h * rh), Math.floor(w * rw)];
  }

  protected forward(x: tf.Tensor, options: ApplyOptions): tf.Tensor {
    checkInput(x, this.kind, 4, '[N, H, W, C]');
    const [, h, w] = x.shape as [number, number, number, number];
    const [oh, ow] = this.outputShape(h, w);
    if (oh < 1 || ow < 1 || oh > h || ow > w) {
      shapeError(this.kind, '[N, H, W, C]', x, `the output ${oh}x${ow} must be at least 1x1 and at most the input's ${h}x${w}`);
    }
    const rng = options.rng ?? this.rng;
    const rows = fractionalSequence(h, oh, this.pseudoRandom, rng);
    const cols = fractionalSequence(w, ow, this.pseudoRandom, rng);
    // Below every value: padding slots never win the max (and so get no gradient).
    const floor = tf.sub(tf.min(x), 1);
    // A rectangle's max is the max over its rows of the max over its columns.
    const byRow = poolAxis1(x as tf.Tensor4D, rows, this.overlapping, floor);
    const byCol = poolAxis1(tf.transpose(byRow, [0, 2, 1, 3]), cols, this.overlapping, floor);
    return tf.transpose(byCol, [0, 2, 1, 3]);
  }
}

/** Fractional max pooling with `outputRatio` or `outputSize`. */
export function fractionalMaxPool2d(options: FractionalMaxPool2dOptions): FractionalMaxPool2d {
  return new FractionalMaxPool2d(options);
}
