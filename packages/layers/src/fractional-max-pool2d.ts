import { tf, toRng } from '@dl/core';
import type { Rng, SeedLike } from '@dl/core';
import { checkInput, checkOptions, pair, shapeError, show } from './internal/checks.js';
import { windowMax } from './internal/window-max.js';
import { Module } from './module.js';
import type { ApplyOptions } from './module.js';

/** An output ratio per side: a number or a pair, each in `(lo, 1)` or `(lo, 1]`. */
function parseRatio(value: unknown, closed: boolean, where: string): [number, number] {
  const r = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(r) || r.length !== 2 || r.some((v) => typeof v !== 'number')) {
    throw new TypeError(`${where}: outputRatio must be a number or a pair of numbers, got ${show(value)}`);
  }
  if (r.some((v: number) => !(v > 0 && (closed ? v <= 1 : v < 1)))) {
    throw new RangeError(`${where}: outputRatio must be in (0, 1${closed ? ']' : ')'} (or a pair of such), got ${show(value)}`);
  }
  return [r[0], r[1]];
}

/** Exactly one of `outputSize` and `outputRatio`. */
function parseOutput(options: { outputSize?: unknown; outputRatio?: unknown } | undefined, closedRatio: boolean, where: string) {
  if (options === undefined || (options.outputRatio === undefined) === (options.outputSize === undefined)) {
    throw new TypeError(`${where}: give exactly one of outputRatio and outputSize`);
  }
  return options.outputRatio !== undefined
    ? { outputRatio: parseRatio(options.outputRatio, closedRatio, where) }
    : { outputSize: pair(options.outputSize, 'outputSize', where) };
}

/** Output height and width: `outputSize`, or PyTorch's `floor(in · ratio)`. */
function outputOf(layer: { outputSize?: [number, number]; outputRatio?: [number, number] }, h: number, w: number): [number, number] {
  if (layer.outputSize) return layer.outputSize;
  const [rh, rw] = layer.outputRatio!;
  return [Math.floor(h * rh), Math.floor(w * rw)];
}

// ---------------------------------------------------------------- PyTorch's FractionalMaxPool2d

/**
 * The start of each of `outputSize` pooling windows of `kernelSize` along a side of
 * `inputSize`, from a sample `u` in [0, 1): PyTorch's `generate_intervals`, `αᵢ = ⌊(i + u)·α⌋ −
 * ⌊u·α⌋` with `α = (inputSize − kernelSize) / (outputSize − 1)`, the last start
 * `inputSize − kernelSize`. In float32 arithmetic, as PyTorch computes it for float32 input,
 * so the same sample gives the same windows.
 */
export function fractionalIntervals(sample: number, inputSize: number, outputSize: number, kernelSize: number): number[] {
  const where = 'fractionalIntervals';
  for (const [name, v] of [['inputSize', inputSize], ['outputSize', outputSize], ['kernelSize', kernelSize]] as const) {
    if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`${where}: ${name} must be an integer >= 1, got ${show(v)}`);
  }
  if (typeof sample !== 'number' || !(sample >= 0 && sample < 1)) throw new RangeError(`${where}: sample must be in [0, 1), got ${show(sample)}`);
  if (outputSize + kernelSize - 1 > inputSize) {
    throw new RangeError(`${where}: outputSize + kernelSize - 1 must be at most inputSize, got ${outputSize} + ${kernelSize} - 1 > ${inputSize}`);
  }
  return intervals(sample, inputSize, outputSize, kernelSize);
}

function intervals(sample: number, inputSize: number, outputSize: number, kernelSize: number): number[] {
  const f = Math.fround; // float32 rounding after each operation: exact emulation of float32 arithmetic
  const last = inputSize - kernelSize;
  const starts = new Array<number>(outputSize).fill(last);
  if (outputSize > 1) {
    const u = f(sample);
    const alpha = f(last / (outputSize - 1));
    const base = Math.trunc(f(u * alpha));
    // Clamped: never needed for a sample in [0, 1); PyTorch asserts instead.
    for (let i = 0; i < outputSize - 1; i++) starts[i] = Math.min(last, Math.max(0, Math.trunc(f(f(i + u) * alpha)) - base));
  }
  return starts;
}

export interface FractionalMaxPool2dOptions {
  /** The output size, `oh` or `[oh, ow]`; or */
  outputSize?: number | [number, number];
  /** the output as a fraction of the input, `floor(in · ratio)`, in (0, 1) (PyTorch's `output_ratio`). */
  outputRatio?: number | [number, number];
  /**
   * PyTorch's `_random_samples`: `[N][C][2]` numbers in [0, 1), the width's sample then the
   * height's, for each sample and channel (rounded to float32, as in a float32 tensor). Used
   * by every call, whose input must then have N samples and C channels. Default: drawn anew
   * on each call from the `rng`.
   */
  randomSamples?: number[][][];
  seed?: SeedLike;
}

/**
 * PyTorch's `nn.FractionalMaxPool2d(kernelSize, output_size | output_ratio)` on NHWC input: in
 * each plane (sample and channel), `kernelSize` windows placed at pseudo-random starts
 * ({@link fractionalIntervals}, one sample per plane and side) are max-pooled. Random in eval
 * mode too, as PyTorch; pass the same `rng` (or `randomSamples`) to repeat the windows.
 */
export class FractionalMaxPool2d extends Module {
  readonly kernelSize: [number, number];
  readonly outputSize?: [number, number];
  readonly outputRatio?: [number, number];
  readonly randomSamples?: readonly (readonly (readonly [number, number])[])[];
  readonly rng: Rng;

  constructor(kernelSize: number | [number, number], options: FractionalMaxPool2dOptions) {
    super('fractionalMaxPool2d');
    const where = this.kind;
    this.kernelSize = pair(kernelSize, 'kernelSize', where);
    checkOptions(options, where);
    const out = parseOutput(options, false, where);
    if (out.outputRatio) this.outputRatio = out.outputRatio;
    else this.outputSize = out.outputSize;
    if (options.randomSamples !== undefined) this.randomSamples = checkSamples(options.randomSamples, where);
    this.rng = toRng(options.seed, where);
  }

  /** The output height and width for an input of `h × w` (`floor(in · ratio)` with a ratio, PyTorch's rule). */
  outputShape(h: number, w: number): [number, number] {
    return outputOf(this, h, w);
  }

  protected forward(x: tf.Tensor, options: ApplyOptions): tf.Tensor {
    return this.#pool(x, options, false).output;
  }

  /**
   * The output and where each maximum was taken from (PyTorch's `return_indices=True`):
   * `indices` (int32, `[N, oh, ow, C]`) holds `h · W + w`, the position in the input plane,
   * PyTorch's numbers. Both tensors are the caller's; the output has gradients as `apply`'s.
   */
  applyWithIndices(x: tf.Tensor, options: ApplyOptions = {}): { output: tf.Tensor; indices: tf.Tensor } {
    this.checkApplyArgs(x, options);
    const [output, indices] = tf.tidy(() => {
      const r = this.#pool(x, options, true);
      return [r.output, r.indices!];
    });
    return { output: output!, indices: indices! };
  }

  #pool(x: tf.Tensor, options: ApplyOptions, withIndices: boolean) {
    const where = this.kind;
    checkInput(x, where, 4, '[N, H, W, C]');
    const [n, h, w, c] = x.shape as [number, number, number, number];
    const [kh, kw] = this.kernelSize;
    const [oh, ow] = this.outputShape(h, w);
    if (oh < 1 || ow < 1 || oh + kh - 1 > h || ow + kw - 1 > w) {
      shapeError(where, '[N, H, W, C]', x, `a ${kh}x${kw} kernel and a ${oh}x${ow} output need at least ${oh + kh - 1}x${ow + kw - 1} (output + kernelSize - 1, and an output of at least 1x1)`);
    }
    let samples = this.randomSamples;
    if (samples) {
      if (samples.length !== n || samples[0]!.length !== c) {
        shapeError(where, `[${samples.length}, H, W, ${samples[0]!.length}]`, x, `randomSamples is [${samples.length}, ${samples[0]!.length}, 2]`);
      }
    } else {
      // torch.rand's float32 draws: 24 random bits, never 1.
      const rng = options.rng ?? this.rng;
      const u = () => (rng.nextUint32() >>> 8) / 16777216;
      samples = Array.from({ length: n }, () => Array.from({ length: c }, () => [u(), u()] as const));
    }
    const k = kh * kw;
    const windows = new Int32Array(n * c * oh * ow * k);
    for (let ni = 0; ni < n; ni++) {
      for (let ci = 0; ci < c; ci++) {
        const [sw, sh] = samples[ni]![ci]!;
        const rows = intervals(sh, h, oh, kh);
        const cols = intervals(sw, w, ow, kw);
        let at = (ni * c + ci) * oh * ow * k;
        for (let i = 0; i < oh; i++) {
          for (let j = 0; j < ow; j++) {
            for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) windows[at++] = (rows[i]! + a) * w + cols[j]! + b;
          }
        }
      }
    }
    return windowMax(x as tf.Tensor4D, windows, k, [oh, ow], withIndices);
  }
}

function checkSamples(value: unknown, where: string): [number, number][][] {
  const bad = () => new TypeError(`${where}: randomSamples must be [N][C][2] numbers (PyTorch's _random_samples), got ${show(value)}`);
  if (!Array.isArray(value) || value.length === 0 || !Array.isArray(value[0]) || value[0].length === 0) throw bad();
  const c = value[0].length;
  const out: [number, number][][] = [];
  for (const per of value as unknown[]) {
    if (!Array.isArray(per) || per.length !== c) throw bad();
    const row: [number, number][] = [];
    for (const s of per as unknown[]) {
      if (!Array.isArray(s) || s.length !== 2 || s.some((v) => typeof v !== 'number')) throw bad();
      if (s.some((v: number) => !(v >= 0 && v < 1))) throw new RangeError(`${where}: randomSamples must lie in [0, 1), got ${show(s)}`);
      row.push([s[0], s[1]]);
    }
    out.push(row);
  }
  return out;
}

/** PyTorch's fractional max pooling: `kernelSize` windows at pseudo-random starts, with `outputSize` or `outputRatio`. */
export function fractionalMaxPool2d(kernelSize: number | [number, number], options: FractionalMaxPool2dOptions): FractionalMaxPool2d {
  return new FractionalMaxPool2d(kernelSize, options);
}

// ---------------------------------------------------------------- Graham's regions

export interface GrahamFractionalMaxPool2dOptions {
  /** Output size as a fraction of the input's: `floor(in · ratio)`, in (0, 1]. */
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
 * Graham's fractional max pooling (2014) on NHWC input: the image is cut into `out` rows and
 * columns of pooling regions between the boundaries of {@link fractionalSequence} — regions
 * `[aᵢ, aᵢ₊₁ − 1]` (disjoint) or `[aᵢ, aᵢ₊₁]` (overlapping) — drawn on each call, one layout
 * shared by the batch and channels, and each region max-pooled. Output sizes as PyTorch's
 * `output_ratio`; the windows are not PyTorch's (see {@link FractionalMaxPool2d}).
 */
export class GrahamFractionalMaxPool2d extends Module {
  readonly outputRatio?: [number, number];
  readonly outputSize?: [number, number];
  readonly overlapping: boolean;
  readonly pseudoRandom: boolean;
  readonly rng: Rng;

  constructor(options: GrahamFractionalMaxPool2dOptions) {
    super('grahamFractionalMaxPool2d');
    const where = this.kind;
    checkOptions(options, where);
    const out = parseOutput(options, true, where);
    if (out.outputRatio) this.outputRatio = out.outputRatio;
    else this.outputSize = out.outputSize;
    for (const name of ['overlapping', 'pseudoRandom'] as const) {
      if (options[name] !== undefined && typeof options[name] !== 'boolean') throw new TypeError(`${where}: ${name} must be a boolean, got ${show(options[name])}`);
    }
    this.overlapping = options.overlapping ?? false;
    this.pseudoRandom = options.pseudoRandom ?? true;
    this.rng = toRng(options.seed, where);
  }

  /** The output height and width for an input of `h × w` (PyTorch: `floor(in · ratio)`). */
  outputShape(h: number, w: number): [number, number] {
    return outputOf(this, h, w);
  }

  protected forward(x: tf.Tensor, options: ApplyOptions): tf.Tensor {
    checkInput(x, this.kind, 4, '[N, H, W, C]');
    const [, h, w] = x.shape as [number, number, number, number];
    const [oh, ow] = this.outputShape(h, w);
    if (oh < 1 || ow < 1 || oh > h || ow > w) {
      shapeError(this.kind, '[N, H, W, C]', x, `the output ${oh}x${ow} must be at least 1x1 and at most the input's ${h}x${w}`);
    }
    const rng = options.rng ?? this.rng;
    const rows = regions(fractionalSequence(h, oh, this.pseudoRandom, rng), h, this.overlapping);
    const cols = regions(fractionalSequence(w, ow, this.pseudoRandom, rng), w, this.overlapping);
    const kh = Math.max(...rows.map(([a, e]) => e - a + 1));
    const kw = Math.max(...cols.map(([a, e]) => e - a + 1));
    const k = kh * kw;
    // One layout for every plane; a small region repeats its first pixel in the spare slots.
    const layout = new Int32Array(oh * ow * k);
    let at = 0;
    for (const [r0, r1] of rows) {
      for (const [c0, c1] of cols) {
        const start = at;
        for (let r = r0; r <= r1; r++) for (let q = c0; q <= c1; q++) layout[at++] = r * w + q;
        layout.fill(r0 * w + c0, at, start + k);
        at = start + k;
      }
    }
    const planes = x.shape[0]! * x.shape[3]!;
    const windows = new Int32Array(planes * layout.length);
    for (let p = 0; p < planes; p++) windows.set(layout, p * layout.length);
    return windowMax(x as tf.Tensor4D, windows, k, [oh, ow], false).output;
  }
}

/** `[first, last]` pixel of each region between boundaries `a` (the last clipped to the image). */
function regions(a: number[], n: number, overlapping: boolean): [number, number][] {
  return a.slice(0, -1).map((start, i) => [start, Math.min(overlapping ? a[i + 1]! : a[i + 1]! - 1, n - 1)]);
}

/** Graham's fractional max pooling with `outputRatio` or `outputSize`. */
export function grahamFractionalMaxPool2d(options: GrahamFractionalMaxPool2dOptions): GrahamFractionalMaxPool2d {
  return new GrahamFractionalMaxPool2d(options);
}
