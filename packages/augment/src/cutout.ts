import type { SeedLike } from '@dl/core';
import { boxMask, fillMasked } from './erase.js';
import { checkFill, checkProbability, checkSize } from './internal/check.js';
import { randomTransform, type Transform } from './transform.js';

export interface CutoutOptions {
  /** Side of the square (or `[height, width]`) set to `fill`. */
  size: number | readonly [number, number];
  /** Probability of cutting each image. Default 1. */
  p?: number;
  /** A number or one per channel. Default 0. */
  fill?: number | readonly number[];
  seed?: SeedLike;
}

/**
 * Cutout (DeVries & Taylor 2017): a box of `size` centred on a uniformly drawn pixel of each image,
 * clipped at the borders (so it may be partly outside), set to `fill`.
 */
export function cutout(options: CutoutOptions): Transform {
  const fn = 'cutout';
  const [bh, bw] = checkSize(options?.size, fn);
  const p = checkProbability(options.p ?? 1, fn);
  const fillOpt = options.fill ?? 0;
  return randomTransform(fn, options.seed, (images, rng) => {
    const [n, H, W, C] = images.shape;
    const fill = checkFill(fillOpt, C, fn);
    const top: number[] = [];
    const left: number[] = [];
    const hs: number[] = [];
    const ws: number[] = [];
    for (let i = 0; i < n; i++) {
      const cy = rng.int(H);
      const cx = rng.int(W);
      const on = rng.next() < p;
      const y0 = Math.max(0, cy - Math.floor(bh / 2));
      const x0 = Math.max(0, cx - Math.floor(bw / 2));
      top.push(y0);
      left.push(x0);
      hs.push(on ? Math.min(H, cy - Math.floor(bh / 2) + bh) - y0 : 0);
      ws.push(on ? Math.min(W, cx - Math.floor(bw / 2) + bw) - x0 : 0);
    }
    return fillMasked(images, boxMask(images.shape, top, left, hs, ws), fill);
  });
}
