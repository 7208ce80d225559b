import { tf } from '@dl/core';
import type { Rng, SeedLike } from '@dl/core';
import { brightnessUnchecked } from './adjust-brightness.js';
import { contrastUnchecked } from './adjust-contrast.js';
import { hueUnchecked } from './adjust-hue.js';
import { saturationUnchecked } from './adjust-saturation.js';
import { checkInterval, checkNonNegative, checkProbability } from './internal/check.js';
import { assertColorChannels } from './internal/color.js';
import { selectImages } from './internal/select.js';
import { drawApplied, randomTransform, uniform, type Transform } from './transform.js';

export interface ColorJitterOptions {
  /** b: factor from [max(0, 1 - b), 1 + b], or `[min, max]`. Default 0 (off). */
  brightness?: number | readonly [number, number];
  contrast?: number | readonly [number, number];
  saturation?: number | readonly [number, number];
  /** h in [0, 0.5]: shift from [-h, h], or `[min, max]` inside [-0.5, 0.5]. Default 0 (off). */
  hue?: number | readonly [number, number];
  /** Probability of jittering each image. Default 1. */
  p?: number;
  seed?: SeedLike;
}

function factorRange(x: number | readonly [number, number] | undefined, fn: string, name: string): [number, number] | undefined {
  if (x === undefined) return undefined;
  if (typeof x === 'number') {
    checkNonNegative(x, fn, name);
    return x === 0 ? undefined : [Math.max(0, 1 - x), 1 + x];
  }
  const r = checkInterval(x, fn, name, 0);
  return r[0] === 1 && r[1] === 1 ? undefined : r;
}

function hueRange(x: number | readonly [number, number] | undefined, fn: string): [number, number] | undefined {
  if (x === undefined) return undefined;
  if (typeof x === 'number') {
    if (!(x >= 0 && x <= 0.5)) throw new RangeError(`${fn}: hue must be in [0, 0.5], got ${x}`);
    return x === 0 ? undefined : [-x, x];
  }
  const r = checkInterval(x, fn, 'hue', -0.5, 0.5);
  return r[0] === 0 && r[1] === 0 ? undefined : r;
}

type Op = (images: tf.Tensor4D, f: number[]) => tf.Tensor4D;

/**
 * Randomly changes brightness, contrast, saturation and hue (torchvision.transforms.ColorJitter),
 * with factors drawn per image and the four adjustments applied in a random order drawn per batch
 * (torchvision draws one order per call too). Each adjustment is one batched op with per-image factors.
 */
export function colorJitter(options: ColorJitterOptions = {}): Transform {
  const fn = 'colorJitter';
  const ranges: [Op, [number, number] | undefined][] = [
    [brightnessUnchecked, factorRange(options.brightness, fn, 'brightness')],
    [contrastUnchecked, factorRange(options.contrast, fn, 'contrast')],
    [saturationUnchecked, factorRange(options.saturation, fn, 'saturation')],
    [hueUnchecked, hueRange(options.hue, fn)],
  ];
  const p = checkProbability(options.p ?? 1, fn);
  return randomTransform(fn, options.seed, (images, rng) => {
    assertColorChannels(images, fn);
    const { order, factors, applied } = jitterParams(rng, images.shape[0], ranges.map((r) => r[1]), p);
    let out = images;
    for (const k of order) {
      const f = factors[k];
      if (f) out = ranges[k]![0](out, f);
    }
    return selectImages(applied, out === images ? tf.clone(images) : out, images);
  });
}

/** The draws of one colorJitter call: an order of the four ops, per-image factors (undefined when off), applied flags. */
export function jitterParams(rng: Rng, n: number, ranges: readonly ([number, number] | undefined)[], p: number): { order: number[]; factors: (number[] | undefined)[]; applied: boolean[] } {
  const order = Array.from(rng.permutation(4));
  const factors = ranges.map((r) => (r ? Array.from({ length: n }, () => uniform(rng, r[0], r[1])) : undefined));
  return { order, factors, applied: drawApplied(rng, n, p) };
}
