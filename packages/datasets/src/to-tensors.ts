import { tensor1d, tensor4d, tidy } from '@tensorflow/tfjs-core';
import { checkOptionKeys, resolveNormalize } from './internal/options.js';
import type { ImageDataset, RawImageDataset, TensorOptions } from './types.js';

/**
 * Turns a raw dataset into `[N, H, W, 1]` float32 images and `[N]` int32
 * labels. The caller owns (and must dispose) both tensors.
 */
export function toTensors(raw: RawImageDataset, options?: TensorOptions): ImageDataset {
  const opts = checkOptionKeys(raw.name, options, ['normalize']);
  const stats = resolveNormalize(raw.name, opts.normalize, raw.stats);
  const { count, height, width } = raw;
  const size = count * height * width;
  if (raw.images.length !== size || raw.labels.length !== count) {
    throw new RangeError(
      `${raw.name}: raw dataset has ${raw.images.length} pixels and ${raw.labels.length} labels, expected ${size} and ${count}`,
    );
  }

  // Scaling in JS makes one float32 buffer that the tensor adopts; doing it
  // with tf ops would hold int32 + float32 intermediates of the same size.
  const lut = new Float32Array(256);
  for (let v = 0; v < 256; v++) lut[v] = stats === null ? v / 255 : (v / 255 - stats.mean) / stats.std;
  const pixels = new Float32Array(size);
  const src = raw.images;
  for (let i = 0; i < size; i++) pixels[i] = lut[src[i] ?? 0] ?? 0;

  // tidy disposes the first tensor if the second one throws.
  return tidy(() => ({
    images: tensor4d(pixels, [count, height, width, 1], 'float32'),
    labels: tensor1d(Int32Array.from(raw.labels), 'int32'),
    classNames: [...raw.classNames],
  }));
}
