import { tf } from '@dl/core';
import { assertImages } from './internal/check.js';
import { flipImages } from './internal/flip-gather.js';

/** Mirrors every image top to bottom (torchvision.transforms.functional.vflip). */
export function vflip(images: tf.Tensor4D): tf.Tensor4D {
  assertImages(images, 'vflip');
  return flipImages(images, new Array<boolean>(images.shape[0]).fill(true), 1);
}
