import { tf } from '@dl/core';
import { blendSelect, expandPerImage } from './expand.js';

/** Per image: `a` where `applied`, else `b` (same shapes). */
export function selectImages(applied: readonly boolean[], a: tf.Tensor4D, b: tf.Tensor4D): tf.Tensor4D {
  if (applied.every(Boolean)) return a;
  if (!applied.some(Boolean)) return tf.clone(b);
  return tf.tidy(() => blendSelect(expandPerImage(applied.map(Number), a.shape), a, b));
}
