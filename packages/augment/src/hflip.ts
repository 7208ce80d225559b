import { tf } from '@dl/core';
import { assertImages } from './internal/check.js';
import { flipImages } from './internal/flip-gather.js';

/** Mirrors every image left to right (torchvision.transforms.functional.hflip). */
export function hflip(images: tf.Tensor4D): tf.Tensor4D {
  assertImages(images, 'hflip');
  return flipImages(images, new Array<boolean>(images.shape[0]).fill(true), 2);
}
