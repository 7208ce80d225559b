import { tf, toRng } from '@dl/core';
import type { Rng, SeedLike } from '@dl/core';
import { assertImages, checkPositive } from './internal/check.js';
import { beta } from './internal/beta.js';
import { softLabels } from './internal/labels.js';

export interface MixOptions {
  /** Beta(alpha, alpha) concentration (> 0). Default 1 (lambda uniform). */
  alpha?: number;
  /** Number of classes, needed when labels are integers. */
  numClasses?: number;
  seed?: SeedLike;
}

export interface MixResult {
  /** Mixed images [N, H, W, C]. */
  images: tf.Tensor4D;
  /** Soft labels [N, K]: lambda * labels + (1 - lambda) * labels[index]; each row sums to 1 for one-hot input. */
  labels: tf.Tensor2D;
  /** Weight of the original images (for cutmix, the exact area fraction kept). */
  lambda: number;
  /** The partner of each image: images are mixed with images[index[i]]. */
  index: Int32Array;
}

/** A batch-level mix: (images, labels, seed?) => MixResult. */
export type Mix = (images: tf.Tensor4D, labels: tf.Tensor, seed?: SeedLike) => MixResult;

export function mixFactory(fn: string, options: MixOptions, mixImages: (images: tf.Tensor4D, partner: tf.Tensor4D, rng: Rng, lambda: number) => { images: tf.Tensor4D; lambda: number }): Mix {
  const alpha = checkPositive(options.alpha ?? 1, fn, 'alpha');
  let own: Rng | undefined;
  if (options.seed !== undefined) toRng(options.seed, fn);
  return (images, labels, callSeed) => {
    assertImages(images, fn);
    const n = images.shape[0];
    const makeLabels = softLabels(labels, n, options.numClasses, fn);
    const rng = callSeed !== undefined ? toRng(callSeed, fn) : (own ??= toRng(options.seed, fn));
    const drawn = beta(rng, alpha, alpha);
    const index = rng.permutation(n);
    return tf.tidy(() => {
      const idx = tf.tensor1d(index, 'int32');
      const mixed = mixImages(images, tf.gather(images, idx) as tf.Tensor4D, rng, drawn);
      const y = makeLabels();
      const soft = tf.add(tf.mul(y, mixed.lambda), tf.mul(tf.gather(y, idx), 1 - mixed.lambda)) as tf.Tensor2D;
      return { images: mixed.images, labels: soft, lambda: mixed.lambda, index };
    }) as MixResult;
  };
}

/**
 * mixup (Zhang et al. 2018): lambda ~ Beta(alpha, alpha) once per batch, a random permutation pairs
 * the images, and both images and labels are mixed linearly. The soft labels go straight into a
 * soft-label cross-entropy, which then equals lambda * CE(labels) + (1 - lambda) * CE(labels[index]).
 */
export function mixup(options: MixOptions = {}): Mix {
  return mixFactory('mixup', options, (images, partner, _rng, lambda) => ({
    images: tf.add(tf.mul(images, lambda), tf.mul(partner, 1 - lambda)) as tf.Tensor4D,
    lambda,
  }));
}
