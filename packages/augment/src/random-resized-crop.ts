import type { Rng, SeedLike } from '@dl/core';
import { checkInterval, checkOneOf, checkSize, roundHalfEven } from './internal/check.js';
import { resizedWindows } from './internal/resized-window.js';
import type { Interpolation } from './internal/sample.js';
import { randomTransform, uniform, type Transform } from './transform.js';

export interface RandomResizedCropOptions {
  /** Output `[height, width]` or one integer for a square. */
  size: number | readonly [number, number];
  /** Range of the crop's area as a fraction of the image. Default `[0.08, 1]`. */
  scale?: readonly [number, number];
  /** Range of the crop's aspect ratio (width / height), drawn log-uniformly. Default `[3/4, 4/3]`. */
  ratio?: readonly [number, number];
  /** `'bilinear'` (default) or `'nearest'`. */
  interpolation?: Interpolation;
  seed?: SeedLike;
}

/** torchvision's RandomResizedCrop.get_params: ten tries, then a centre crop at the nearest allowed ratio. */
export function resizedCropParams(rng: Rng, H: number, W: number, scale: readonly [number, number], ratio: readonly [number, number]): [number, number, number, number] {
  const area = H * W;
  const logRatio = [Math.log(ratio[0]), Math.log(ratio[1])] as const;
  for (let attempt = 0; attempt < 10; attempt++) {
    const targetArea = area * uniform(rng, scale[0], scale[1]);
    const aspect = Math.exp(uniform(rng, logRatio[0], logRatio[1]));
    const w = roundHalfEven(Math.sqrt(targetArea * aspect));
    const h = roundHalfEven(Math.sqrt(targetArea / aspect));
    if (w > 0 && w <= W && h > 0 && h <= H) return [rng.int(H - h + 1), rng.int(W - w + 1), h, w];
  }
  const inRatio = W / H;
  let w: number;
  let h: number;
  if (inRatio < Math.min(...ratio)) {
    w = W;
    h = roundHalfEven(w / Math.min(...ratio));
  } else if (inRatio > Math.max(...ratio)) {
    h = H;
    w = roundHalfEven(h * Math.max(...ratio));
  } else {
    w = W;
    h = H;
  }
  return [Math.floor((H - h) / 2), Math.floor((W - w) / 2), h, w];
}

/**
 * Crops a random area and aspect ratio from each image and resizes it to `size`
 * (torchvision.transforms.RandomResizedCrop, parameters drawn per image, antialias off).
 * The batch is cropped and resized in one gather per corner.
 */
export function randomResizedCrop(options: RandomResizedCropOptions): Transform {
  const fn = 'randomResizedCrop';
  const [oh, ow] = checkSize(options?.size, fn);
  const scale = checkInterval(options.scale ?? [0.08, 1], fn, 'scale', 0);
  const ratio = checkInterval(options.ratio ?? [3 / 4, 4 / 3], fn, 'ratio', Number.MIN_VALUE);
  const interpolation = checkOneOf(options.interpolation ?? 'bilinear', ['bilinear', 'nearest'], fn, 'interpolation');
  return randomTransform(fn, options.seed, (images, rng) => {
    const [n, H, W] = images.shape;
    const p = Array.from({ length: n }, () => resizedCropParams(rng, H, W, scale, ratio));
    const zeros = p.map(() => 0);
    return resizedWindows(
      images,
      { top: p.map((q) => q[0]), left: p.map((q) => q[1]), height: p.map((q) => q[2]), width: p.map((q) => q[3]), outHeight: p.map(() => oh), outWidth: p.map(() => ow), offsetY: zeros, offsetX: zeros },
      oh,
      ow,
      interpolation,
    );
  });
}
