import { tf } from '@dl/core';
import type { SeedLike } from '@dl/core';
import { checkProbability } from './internal/check.js';
import { flipImages } from './internal/flip-gather.js';
import { drawApplied, randomTransform, type Transform } from './transform.js';

export interface RandomFlipOptions {
  /** Probability of flipping each image. Default 0.5. */
  p?: number;
  seed?: SeedLike;
}

/** Flips each image left to right with probability `p` (torchvision.transforms.RandomHorizontalFlip, drawn per image). */
export function randomHorizontalFlip(options: RandomFlipOptions = {}): Transform {
  return randomFlip('randomHorizontalFlip', 2, options);
}

/** Flips each image top to bottom with probability `p` (torchvision.transforms.RandomVerticalFlip, drawn per image). */
export function randomVerticalFlip(options: RandomFlipOptions = {}): Transform {
  return randomFlip('randomVerticalFlip', 1, options);
}

function randomFlip(fn: string, axis: 1 | 2, options: RandomFlipOptions): Transform {
  const p = checkProbability(options.p ?? 0.5, fn);
  return randomTransform(fn, options.seed, (images, rng) => {
    const applied = drawApplied(rng, images.shape[0], p);
    return applied.some(Boolean) ? flipImages(images, applied, axis) : tf.clone(images);
  });
}
