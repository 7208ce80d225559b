import type { SeedLike } from '@dl/core';
import { checkFill, checkInterval, checkNonNegative, checkOneOf, checkProbability } from './internal/check.js';
import type { Interpolation } from './internal/sample.js';
import { selectImages } from './internal/select.js';
import { lensUnchecked } from './lens-distortion.js';
import { drawApplied, randomTransform, uniform, type Transform } from './transform.js';

export interface RandomLensDistortionOptions {
  /** k1 range: k for [-k, k] (barrel and pincushion), or `[min, max]`. Default 0.2. */
  k1?: number | readonly [number, number];
  /** k2 range, the same forms. Default 0. */
  k2?: number | readonly [number, number];
  interpolation?: Interpolation;
  fill?: number | readonly number[];
  /** Probability of distorting each image. Default 1. */
  p?: number;
  seed?: SeedLike;
}

/** Radial distortion with k1, k2 drawn uniformly per image (see `lensDistortion`). */
export function randomLensDistortion(options: RandomLensDistortionOptions = {}): Transform {
  const fn = 'randomLensDistortion';
  const range = (x: number | readonly [number, number], name: string): [number, number] =>
    typeof x === 'number' ? [-checkNonNegative(x, fn, name), x] : checkInterval(x, fn, name);
  const k1 = range(options.k1 ?? 0.2, 'k1');
  const k2 = range(options.k2 ?? 0, 'k2');
  const interpolation = checkOneOf(options.interpolation ?? 'bilinear', ['nearest', 'bilinear'], fn, 'interpolation');
  const fillOpt = options.fill ?? 0;
  const p = checkProbability(options.p ?? 1, fn);
  return randomTransform(fn, options.seed, (images, rng) => {
    const n = images.shape[0];
    const fill = checkFill(fillOpt, images.shape[3], fn);
    const a = Array.from({ length: n }, () => uniform(rng, k1[0], k1[1]));
    const b = Array.from({ length: n }, () => uniform(rng, k2[0], k2[1]));
    const applied = drawApplied(rng, n, p);
    return selectImages(applied, lensUnchecked(images, a, b, interpolation, fill), images);
  });
}
