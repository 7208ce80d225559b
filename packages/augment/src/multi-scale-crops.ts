import { tf } from '@dl/core';
import { assertImages, checkInteger, checkSize, show } from './internal/check.js';
import { fiveCropUnchecked } from './five-crop.js';
import { resizedSize, resizeUnchecked } from './resize.js';
import { tenCropUnchecked } from './ten-crop.js';

export interface MultiScaleCropsOptions {
  /** Shorter-side lengths to resize to. Default ResNet's `[224, 256, 384, 480, 640]`. */
  scales?: readonly number[];
  /** Crop size, one integer or `[height, width]`. Default 224. */
  size?: number | readonly [number, number];
  /** Ten crops (with mirrored copies) per scale; false for five. Default true. */
  flips?: boolean;
}

/**
 * Test-time crops (ResNet's and AlexNet's recipe): for each scale, resize the shorter side (bilinear),
 * take `tenCrop` (or `fiveCrop`), and stack everything as one batch `[K * N, h, w, C]`, crop-major:
 * row k * N + i is crop k of image i, with K = scales.length * (flips ? 10 : 5). Feed it to the model
 * and average the K predictions per image with `averageCrops`.
 */
export function multiScaleCrops(images: tf.Tensor4D, options: MultiScaleCropsOptions = {}): tf.Tensor4D {
  assertImages(images, 'multiScaleCrops');
  const [ch, cw] = checkSize(options.size ?? 224, 'multiScaleCrops');
  const scales = options.scales ?? [224, 256, 384, 480, 640];
  if (!Array.isArray(scales) || scales.length === 0) throw new RangeError(`multiScaleCrops: scales must be a non-empty array of sizes, got ${show(scales)}`);
  const [, H, W] = images.shape;
  for (const s of scales) {
    checkInteger(s, 'multiScaleCrops', 'scales[]', 1);
    const [rh, rw] = resizedSize(H, W, s);
    if (rh < ch || rw < cw) throw new RangeError(`multiScaleCrops: scale ${s} gives images [${rh}, ${rw}], smaller than the crop [${ch}, ${cw}]`);
  }
  const flips = options.flips ?? true;
  return tf.tidy(() => {
    const crops: tf.Tensor4D[] = [];
    for (const s of scales) {
      const [rh, rw] = resizedSize(H, W, s);
      const resized = resizeUnchecked(images, rh, rw, 'bilinear');
      crops.push(...(flips ? tenCropUnchecked(resized, ch, cw, false) : fiveCropUnchecked(resized, ch, cw)));
    }
    return tf.concat(crops, 0);
  });
}

/** Averages crop-major predictions `[K * N, ...]` (from `multiScaleCrops`) to `[N, ...]`. */
export function averageCrops<T extends tf.Tensor>(predictions: T, numCrops: number): T {
  checkInteger(numCrops, 'averageCrops', 'numCrops', 1);
  if (!(predictions instanceof tf.Tensor) || predictions.rank < 1 || predictions.shape[0] % numCrops !== 0) {
    throw new RangeError(`averageCrops: predictions must have a first dimension divisible by numCrops (${numCrops}), got ${show(predictions)}`);
  }
  const [k, ...rest] = predictions.shape;
  return tf.tidy(() => tf.mean(tf.reshape(predictions, [numCrops, k / numCrops, ...rest]), 0)) as T;
}
