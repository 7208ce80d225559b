import type { SeedLike } from '@dl/core';
import { checkInteger, checkOneOf, checkSize, show } from './internal/check.js';
import { resizedWindows } from './internal/resized-window.js';
import type { Interpolation } from './internal/sample.js';
import { resizedSize } from './resize.js';
import { randomTransform, type Transform } from './transform.js';

export interface ScaleAugmentOptions {
  /** Shorter side drawn uniformly from the integers in [minSize, maxSize]. Defaults 256 and 480. */
  minSize?: number;
  maxSize?: number;
  /** Crop size, one integer or `[height, width]`. Default 224. */
  size?: number | readonly [number, number];
  /** `'bilinear'` (default) or `'nearest'`. */
  interpolation?: Interpolation;
  seed?: SeedLike;
}

/**
 * ResNet's scale augmentation (He et al. 2016, after Simonyan & Zisserman): per image, resize the
 * shorter side to L drawn from [minSize, maxSize] and take a random `size` crop; the same as
 * `compose([resize(L), randomCrop(size)])` per image, but the whole batch is resized and cropped in
 * one gather per corner without materialising the resized images.
 */
export function scaleAugment(options: ScaleAugmentOptions = {}): Transform {
  const fn = 'scaleAugment';
  const [ch, cw] = checkSize(options.size ?? 224, fn);
  const minSize = checkInteger(options.minSize ?? 256, fn, 'minSize', 1);
  const maxSize = checkInteger(options.maxSize ?? 480, fn, 'maxSize', 1);
  if (maxSize < minSize) throw new RangeError(`${fn}: maxSize must be >= minSize, got minSize ${minSize}, maxSize ${maxSize}`);
  if (minSize < Math.max(ch, cw)) throw new RangeError(`${fn}: minSize must be >= the crop size ${show([ch, cw])}, got ${minSize}`);
  const interpolation = checkOneOf(options.interpolation ?? 'bilinear', ['bilinear', 'nearest'], fn, 'interpolation');
  return randomTransform(fn, options.seed, (images, rng) => {
    const [n, H, W] = images.shape;
    const outHeight: number[] = [];
    const outWidth: number[] = [];
    const offsetY: number[] = [];
    const offsetX: number[] = [];
    for (let i = 0; i < n; i++) {
      const [rh, rw] = resizedSize(H, W, rng.int(minSize, maxSize + 1));
      outHeight.push(rh);
      outWidth.push(rw);
      offsetY.push(rng.int(rh - ch + 1));
      offsetX.push(rng.int(rw - cw + 1));
    }
    const fill = (v: number) => Array.from({ length: n }, () => v);
    return resizedWindows(images, { top: fill(0), left: fill(0), height: fill(H), width: fill(W), outHeight, outWidth, offsetY, offsetX }, ch, cw, interpolation);
  });
}
