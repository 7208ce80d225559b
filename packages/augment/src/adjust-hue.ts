import { tf } from '@dl/core';
import { assertImages, perImage } from './internal/check.js';
import { assertColorChannels } from './internal/color.js';
import { channel, expandPerImage, stackChannels } from './internal/expand.js';

const inHalf = (v: number) => v >= -0.5 && v <= 0.5;

/**
 * Rotates the hue of every image by `factor` turns through HSV (torchvision.transforms.functional.adjust_hue),
 * `factor` in [-0.5, 0.5], one number or one per image. One-channel images come back unchanged.
 */
export function adjustHue(images: tf.Tensor4D, factor: number | readonly number[]): tf.Tensor4D {
  assertImages(images, 'adjustHue');
  assertColorChannels(images, 'adjustHue');
  const f = perImage(factor, images.shape[0], 'adjustHue', 'factor', inHalf, 'in [-0.5, 0.5]');
  return hueUnchecked(images, f);
}

export function hueUnchecked(images: tf.Tensor4D, f: readonly number[]): tf.Tensor4D {
  if (images.shape[3] === 1) return tf.clone(images);
  return tf.tidy(() => {
    // torchvision's _rgb2hsv / _hsv2rgb on [N, H, W, 1] planes (channels pulled out with matMul,
    // which is exact and much faster than split on cpu and wasm).
    const r = channel(images, 0);
    const g = channel(images, 1);
    const b = channel(images, 2);
    const maxc = tf.maximum(tf.maximum(r, g), b);
    const minc = tf.minimum(tf.minimum(r, g), b);
    const eqc = tf.equal(maxc, minc);
    const cr = tf.sub(maxc, minc);
    const ones = tf.onesLike(maxc);
    const s = tf.div(cr, tf.where(eqc, ones, maxc));
    const crDivisor = tf.where(eqc, ones, cr);
    const rc = tf.div(tf.sub(maxc, r), crDivisor);
    const gc = tf.div(tf.sub(maxc, g), crDivisor);
    const bc = tf.div(tf.sub(maxc, b), crDivisor);
    const isR = tf.equal(maxc, r);
    const isG = tf.logicalAnd(tf.equal(maxc, g), tf.logicalNot(isR));
    const isB = tf.logicalAnd(tf.logicalNot(tf.equal(maxc, g)), tf.logicalNot(isR));
    const hr = tf.mul(tf.cast(isR, 'float32'), tf.sub(bc, gc));
    const hg = tf.mul(tf.cast(isG, 'float32'), tf.sub(tf.add(rc, 2), bc));
    const hb = tf.mul(tf.cast(isB, 'float32'), tf.sub(tf.add(gc, 4), rc));
    let h = tf.add(tf.add(hr, hg), hb);
    h = tf.mod(tf.add(tf.div(h, 6), 1), 1);
    h = tf.mod(tf.add(h, expandPerImage(f, h.shape)), 1);
    // HSV -> RGB in closed form, c_n = v - v s clamp(min(k, 4 - k), 0, 1) with k = (n + 6 h) mod 6
    // for n = 5, 3, 1: the same function as torchvision's six-sector _hsv2rgb (continuous in h, so
    // rounding near sector edges stays within float32 rounding), with no masks or integer ops.
    const v = maxc;
    const vs = tf.mul(v, s);
    const h6 = tf.mul(h, 6);
    const part = (n: number) => {
      const k = tf.mod(tf.add(h6, n), 6);
      return tf.sub(v, tf.mul(vs, tf.clipByValue(tf.minimum(k, tf.sub(4, k)), 0, 1)));
    };
    return stackChannels([part(5), part(3), part(1)]);
  });
}
