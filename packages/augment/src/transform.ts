import { tf, toRng } from '@dl/core';
import type { Rng, SeedLike } from '@dl/core';
import { assertImages } from './internal/check.js';

/**
 * A batch transform: NHWC float32 images in, images out (the input is not disposed).
 * Random transforms draw from the generator given as `seed` to the call, else from their own
 * generator made from the factory's `seed` option, which advances call after call.
 */
export type Transform = (images: tf.Tensor4D, seed?: SeedLike) => tf.Tensor4D;

/** Wraps `apply` as a Transform: checks the images, picks the generator, runs in tf.tidy. */
export function randomTransform(fn: string, seed: SeedLike | undefined, apply: (images: tf.Tensor4D, rng: Rng) => tf.Tensor4D): Transform {
  let own: Rng | undefined;
  const transform: Transform = (images, callSeed) => {
    assertImages(images, fn);
    const rng = callSeed !== undefined ? toRng(callSeed, fn) : (own ??= toRng(seed, fn));
    return tf.tidy(() => apply(images, rng));
  };
  if (seed !== undefined) toRng(seed, fn); // reject a bad seed at construction
  return transform;
}

/** Draws which images a probability-`p` transform applies to. */
export function drawApplied(rng: Rng, n: number, p: number): boolean[] {
  return Array.from({ length: n }, () => rng.next() < p);
}

/** A uniform draw in [lo, hi). */
export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}
