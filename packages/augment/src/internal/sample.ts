import { tf } from '@dl/core';
import { expandChannels, perImageMap } from './expand.js';

export type Interpolation = 'nearest' | 'bilinear';

/**
 * Reads `images` [N, H, W, C] at source coordinates `ys`, `xs` ([N, h, w], pixel centres at
 * integers) with one gather per corner: torch.nn.functional.grid_sample's arithmetic
 * (align_corners=False once unnormalised, zeros padding; nearest rounds half to even).
 * `fill` follows torchvision's _apply_grid_transform: undefined keeps zero padding; otherwise
 * nearest puts `fill` where the sample fell outside, and bilinear returns v * m + (1 - m) * fill
 * with m the in-bounds weight. Out-of-bounds reads point at an extra row appended to the
 * flattened batch (zeros, or `fill` for nearest), so no mask multiplies the C channels.
 */
export function samplePixels(images: tf.Tensor4D, ys: tf.Tensor3D, xs: tf.Tensor3D, mode: Interpolation, fill?: number[], inBounds = false): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, H, W, C] = images.shape;
    const [, h, w] = ys.shape;
    // Coordinates known to lie inside (clamped resize windows, folded padding): fewer kernels.
    if (inBounds) return sampleInside(images, ys, xs, mode);
    const outside = n * H * W;
    const extra = mode === 'nearest' && fill ? tf.tensor2d(fill, [1, C]) : tf.zeros([1, C]);
    const flat = tf.concat([tf.reshape(images, [outside, C]), extra], 0);
    // Full-size per-image offsets (a broadcast add is slow on cpu and wasm).
    const base = perImageMap(Array.from({ length: n }, (_, k) => k * H * W), h, w);
    const read = (iy: tf.Tensor, ix: tf.Tensor): { value: tf.Tensor; valid: tf.Tensor } => {
      const valid = tf.logicalAnd(tf.logicalAnd(tf.greaterEqual(iy, 0), tf.less(iy, H)), tf.logicalAnd(tf.greaterEqual(ix, 0), tf.less(ix, W)));
      const index = tf.where(valid, tf.add(base, tf.add(tf.mul(iy, W), ix)), tf.fill(iy.shape, outside));
      const value = tf.reshape(tf.gather(flat, tf.cast(tf.reshape(index, [-1]), 'int32')), [n, h, w, C]);
      return { value, valid };
    };
    if (mode === 'nearest') return read(tf.round(ys), tf.round(xs)).value as tf.Tensor4D;
    const y0 = tf.floor(ys);
    const x0 = tf.floor(xs);
    const y1 = tf.add(y0, 1);
    const x1 = tf.add(x0, 1);
    const wy1 = tf.sub(ys, y0);
    const wx1 = tf.sub(xs, x0);
    const wy0 = tf.sub(1, wy1);
    const wx0 = tf.sub(1, wx1);
    const corners: [tf.Tensor, tf.Tensor, tf.Tensor][] = [
      [y0, x0, tf.mul(wy0, wx0)],
      [y0, x1, tf.mul(wy0, wx1)],
      [y1, x0, tf.mul(wy1, wx0)],
      [y1, x1, tf.mul(wy1, wx1)],
    ];
    let v: tf.Tensor | undefined;
    let m: tf.Tensor | undefined;
    for (const [iy, ix, wt] of corners) {
      const { value, valid } = read(iy, ix);
      const term = tf.mul(value, expandChannels(wt, C));
      v = v ? tf.add(v, term) : term;
      if (fill) {
        const wv = tf.mul(wt, tf.cast(valid, 'float32'));
        m = m ? tf.add(m, wv) : wv;
      }
    }
    if (!fill) return v as tf.Tensor4D;
    const mm = expandChannels(m!, C);
    return tf.add(tf.mul(v!, mm), tf.mul(tf.sub(1, mm), tf.tensor1d(fill))) as tf.Tensor4D;
  });
}

/** samplePixels for coordinates inside [0, H - 1] x [0, W - 1]; the upper bilinear neighbour is clamped as in F.interpolate. */
function sampleInside(images: tf.Tensor4D, ys: tf.Tensor3D, xs: tf.Tensor3D, mode: Interpolation): tf.Tensor4D {
  const [n, H, W, C] = images.shape;
  const [, h, w] = ys.shape;
  const flat = tf.reshape(images, [n * H * W, C]);
  const base = perImageMap(Array.from({ length: n }, (_, k) => k * H * W), h, w);
  const read = (row: tf.Tensor, ix: tf.Tensor) => tf.reshape(tf.gather(flat, tf.cast(tf.reshape(tf.add(row, ix), [-1]), 'int32')), [n, h, w, C]);
  if (mode === 'nearest') return read(tf.add(base, tf.mul(tf.round(ys), W)), tf.round(xs)) as tf.Tensor4D;
  const y0 = tf.floor(ys);
  const x0 = tf.floor(xs);
  const wy1 = tf.sub(ys, y0);
  const wx1 = tf.sub(xs, x0);
  const r0 = tf.add(base, tf.mul(y0, W));
  const r1 = tf.add(base, tf.mul(tf.minimum(tf.add(y0, 1), H - 1), W));
  const x1 = tf.minimum(tf.add(x0, 1), W - 1);
  // Lerp along x, then y (F.interpolate's order of operations).
  const lerp = (a: tf.Tensor, b: tf.Tensor, t: tf.Tensor) => tf.add(tf.mul(a, expandChannels(tf.sub(1, t), C)), tf.mul(b, expandChannels(t, C)));
  return lerp(lerp(read(r0, x0), read(r0, x1), wx1), lerp(read(r1, x0), read(r1, x1), wx1), wy1) as tf.Tensor4D;
}

/** Integer source coordinates with a padding mode for out-of-range indices (torchvision's pad modes). */
export type PaddingMode = 'constant' | 'edge' | 'reflect' | 'symmetric';

/** Maps integer indices outside [0, size) back inside, as numpy.pad's edge / reflect / symmetric do. */
export function foldIndex(i: tf.Tensor, size: number, mode: Exclude<PaddingMode, 'constant'>): tf.Tensor {
  return tf.tidy(() => {
    if (mode === 'edge' || size === 1) return tf.clipByValue(i, 0, size - 1);
    // Reflect has period 2(size - 1) (edge not repeated), symmetric 2 size (edge repeated).
    const period = mode === 'reflect' ? 2 * (size - 1) : 2 * size;
    const r = tf.mod(i, period);
    return mode === 'reflect' ? tf.sub(size - 1, tf.abs(tf.sub(size - 1, r))) : tf.sub(size - 0.5, tf.abs(tf.sub(tf.add(r, 0.5), size)));
  });
}

/** A [N, 1, 1] float32 tensor of per-image values. */
export function column(values: ArrayLike<number>): tf.Tensor3D {
  return tf.tensor3d(Float32Array.from(values), [values.length, 1, 1]);
}

/** A [N, 1, 1, 1] float32 tensor of per-image values. */
export function perImageFactor(values: ArrayLike<number>): tf.Tensor4D {
  return tf.tensor4d(Float32Array.from(values), [values.length, 1, 1, 1]);
}
