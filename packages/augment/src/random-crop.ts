import { tf } from '@dl/core';
import type { SeedLike } from '@dl/core';
import { checkFill, checkOneOf, checkSize, show } from './internal/check.js';
import { linearInPixel } from './internal/expand.js';
import { foldIndex, samplePixels, type PaddingMode } from './internal/sample.js';
import { randomTransform, type Transform } from './transform.js';

export interface RandomCropOptions {
  /** Output `[height, width]` or one integer for a square. */
  size: number | readonly [number, number];
  /** Padding added before cropping: `p` (all sides), `[left/right, top/bottom]` or `[left, top, right, bottom]`, torchvision's order. Default 0. */
  padding?: number | readonly number[];
  /** Pad images smaller than `size` so the crop fits. Default false. */
  padIfNeeded?: boolean;
  /** Constant padding value, a number or one per channel. Default 0. */
  fill?: number | readonly number[];
  /** `'constant'` (default), `'edge'`, `'reflect'` or `'symmetric'`, as torchvision. */
  paddingMode?: PaddingMode;
  seed?: SeedLike;
}

export function ltrb(padding: unknown, fn: string): [number, number, number, number] {
  const ok = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  if (ok(padding)) return [padding as number, padding as number, padding as number, padding as number];
  if (Array.isArray(padding) && padding.every(ok)) {
    if (padding.length === 2) return [padding[0], padding[1], padding[0], padding[1]];
    if (padding.length === 4) return [padding[0], padding[1], padding[2], padding[3]];
  }
  throw new RangeError(`${fn}: padding must be an integer >= 0, [left/right, top/bottom] or [left, top, right, bottom], got ${show(padding)}`);
}

/**
 * Pads (optionally) and crops a random `size` window from each image (torchvision.transforms.RandomCrop,
 * offsets drawn per image). The whole batch is read with one gather; padding is applied through the
 * index arithmetic, so no padded copy is made. A crop larger than the padded image throws a RangeError
 * unless `padIfNeeded`.
 */
export function randomCrop(options: RandomCropOptions): Transform {
  const fn = 'randomCrop';
  const [ch, cw] = checkSize(options?.size, fn);
  const [pl, pt, pr, pb] = ltrb(options.padding ?? 0, fn);
  const padIfNeeded = options.padIfNeeded ?? false;
  const mode = checkOneOf(options.paddingMode ?? 'constant', ['constant', 'edge', 'reflect', 'symmetric'], fn, 'paddingMode');
  const fillOpt = options.fill ?? 0;
  if (typeof fillOpt !== 'number') checkFill(fillOpt, fillOpt.length, fn);
  return randomTransform(fn, options.seed, (images, rng) => {
    const [n, H, W, C] = images.shape;
    const fill = checkFill(fillOpt, C, fn);
    let [l, t, r, b] = [pl, pt, pr, pb];
    // torchvision pads the missing width/height on both sides when padIfNeeded.
    if (padIfNeeded && H + t + b < ch) {
      const extra = ch - (H + t + b);
      t += extra;
      b += extra;
    }
    if (padIfNeeded && W + l + r < cw) {
      const extra = cw - (W + l + r);
      l += extra;
      r += extra;
    }
    const ph = H + t + b;
    const pw = W + l + r;
    if (ph < ch || pw < cw) throw new RangeError(`${fn}: size [${ch}, ${cw}] is larger than the (padded) images [${ph}, ${pw}]; pass padding or padIfNeeded`);
    if (mode === 'reflect' && (t >= H || b >= H || l >= W || r >= W)) throw new RangeError(`${fn}: reflect padding must be smaller than the image, got padding ${show([l, t, r, b])} for images [${H}, ${W}]`);
    const tops = Array.from({ length: n }, () => rng.int(ph - ch + 1) - t);
    const lefts = Array.from({ length: n }, () => rng.int(pw - cw + 1) - l);
    return windowGather(images, tops, lefts, ch, cw, mode, fill);
  });
}

/** Reads an `h` x `w` window at per-image integer offsets (which may lie in the padding) with one gather. */
export function windowGather(images: tf.Tensor4D, tops: readonly number[], lefts: readonly number[], h: number, w: number, mode: PaddingMode, fill: number[]): tf.Tensor4D {
  return tf.tidy(() => {
    const [, H, W] = images.shape;
    const [n, , , C] = images.shape;
    const zeros = tops.map(() => 0);
    const ones = tops.map(() => 1);
    if (tops.every((t) => t >= 0 && t + h <= H) && lefts.every((l) => l >= 0 && l + w <= W)) {
      // Inside the image: the flat index is linear in the pixel position (one matMul, one gather).
      const index = linearInPixel(h, w, ones, tops.map(() => W), tops.map((t, k) => k * H * W + t * W + lefts[k]!));
      return tf.reshape(tf.gather(tf.reshape(images, [n * H * W, C]), tf.cast(tf.reshape(index, [-1]), 'int32')), [n, h, w, C]) as tf.Tensor4D;
    }
    let ys: tf.Tensor = linearInPixel(h, w, zeros, ones, tops);
    let xs: tf.Tensor = linearInPixel(h, w, ones, zeros, lefts);
    if (mode !== 'constant') {
      ys = foldIndex(ys, H, mode);
      xs = foldIndex(xs, W, mode);
    }
    return samplePixels(images, ys as tf.Tensor3D, xs as tf.Tensor3D, 'nearest', fill, mode !== 'constant');
  });
}
