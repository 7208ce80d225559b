import type { Rng, SeedLike } from '@dl/core';
import { boxMask, fillMasked } from './erase.js';
import { checkFill, checkInterval, checkProbability, roundHalfEven, show } from './internal/check.js';
import { randomTransform, uniform, type Transform } from './transform.js';

export interface RandomErasingOptions {
  /** Probability of erasing each image. Default 0.5 (torchvision's). */
  p?: number;
  /** Range of the erased area as a fraction of the image. Default `[0.02, 0.33]`. */
  scale?: readonly [number, number];
  /** Range of the box's aspect ratio (height / width, as torchvision), log-uniform. Default `[0.3, 3.3]`. */
  ratio?: readonly [number, number];
  /** A number, one per channel, or `'random'` (standard normal noise per pixel). Default 0. */
  value?: number | readonly number[] | 'random';
  seed?: SeedLike;
}

/** torchvision's RandomErasing.get_params box (top, left, height, width), or undefined after ten failed tries. */
export function erasingBox(rng: Rng, H: number, W: number, scale: readonly [number, number], ratio: readonly [number, number]): [number, number, number, number] | undefined {
  const area = H * W;
  const logRatio = [Math.log(ratio[0]), Math.log(ratio[1])] as const;
  for (let attempt = 0; attempt < 10; attempt++) {
    const eraseArea = area * uniform(rng, scale[0], scale[1]);
    const aspect = Math.exp(uniform(rng, logRatio[0], logRatio[1]));
    const h = roundHalfEven(Math.sqrt(eraseArea * aspect));
    const w = roundHalfEven(Math.sqrt(eraseArea / aspect));
    if (!(h < H && w < W)) continue;
    return [rng.int(H - h + 1), rng.int(W - w + 1), h, w];
  }
  return undefined;
}

/**
 * Erases a random box in each image with probability `p` (torchvision.transforms.RandomErasing, Zhong et al. 2017),
 * boxes drawn per image; the batch is erased with one masked select.
 */
export function randomErasing(options: RandomErasingOptions = {}): Transform {
  const fn = 'randomErasing';
  const p = checkProbability(options.p ?? 0.5, fn);
  const scale = checkInterval(options.scale ?? [0.02, 0.33], fn, 'scale', 0, 1);
  const ratio = checkInterval(options.ratio ?? [0.3, 3.3], fn, 'ratio', Number.MIN_VALUE);
  const value = options.value ?? 0;
  if (value !== 'random' && typeof value !== 'number' && !Array.isArray(value)) throw new TypeError(`${fn}: value must be a number, one per channel, or 'random', got ${show(value)}`);
  return randomTransform(fn, options.seed, (images, rng) => {
    const [n, H, W, C] = images.shape;
    const fill = value === 'random' ? undefined : checkFill(value, C, fn, 'value');
    const boxes: [number, number, number, number][] = Array.from({ length: n }, () => (rng.next() < p ? erasingBox(rng, H, W, scale, ratio) : undefined) ?? [0, 0, 0, 0]);
    const mask = boxMask(images.shape, boxes.map((b) => b[0]), boxes.map((b) => b[1]), boxes.map((b) => b[2]), boxes.map((b) => b[3]));
    return fillMasked(images, mask, fill ?? rng.normal([n, H, W, C]));
  });
}
