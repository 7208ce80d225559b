import { tf } from '@dl/core';

// The cpu and wasm backends broadcast elementwise ops through slow generic loops (10x a same-shape op),
// and tile/broadcastTo/where/split/reverse are slow there too. Outer products with matMul (k = 1,
// exact: v * 1 + 0 = v) expand per-image and per-pixel values to full size quickly on every backend.

/** Per-image values [N] (numbers or a tensor) to a full [N, H, W, C] tensor. */
export function expandPerImage(values: readonly number[] | tf.Tensor, shape: readonly number[]): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, H, W, C] = shape as [number, number, number, number];
    const col = values instanceof tf.Tensor ? tf.reshape(values, [n, 1]) : tf.tensor2d(Float32Array.from(values), [n, 1]);
    return tf.reshape(tf.matMul(col, tf.ones([1, H * W * C])), [n, H, W, C]) as tf.Tensor4D;
  });
}

/** A per-pixel tensor [N, H, W, 1] (or [N, H, W]) repeated over C channels: [N, H, W, C]. */
export function expandChannels(t: tf.Tensor, c: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, H, W] = t.shape as [number, number, number];
    if (c === 1) return tf.reshape(t, [n, H, W, 1]) as tf.Tensor4D;
    return tf.reshape(tf.matMul(tf.reshape(t, [-1, 1]), tf.ones([1, c])), [n, H, W, c]) as tf.Tensor4D;
  });
}

/** a where m is 1, b where m is 0 (m full-size 0/1 floats): a * m + b * (1 - m), exact for finite values. */
export function blendSelect(m: tf.Tensor, a: tf.Tensor, b: tf.Tensor): tf.Tensor4D {
  return tf.tidy(() => tf.add(tf.mul(a, m), tf.mul(b, tf.sub(1, m))) as tf.Tensor4D);
}

/**
 * Per-image linear functions of the pixel position, as one matMul of [N, 3] coefficients with a
 * [3, h * w] basis: out[n, i, j] = cx[n] * (j + ox) + cy[n] * (i + oy) + c0[n]. Returns [N, h, w].
 */
export function linearInPixel(h: number, w: number, cx: readonly number[], cy: readonly number[], c0: readonly number[], ox = 0, oy = 0): tf.Tensor3D {
  return tf.tidy(() => {
    const n = c0.length;
    const coef = new Float32Array(n * 3);
    for (let k = 0; k < n; k++) {
      coef[3 * k] = cx[k]!;
      coef[3 * k + 1] = cy[k]!;
      coef[3 * k + 2] = c0[k]!;
    }
    return tf.reshape(tf.matMul(tf.tensor2d(coef, [n, 3]), pixelBasis(h, w, ox, oy)), [n, h, w]) as tf.Tensor3D;
  });
}

/** Per-image constants as a full [N, h, w] tensor. */
export function perImageMap(values: readonly number[], h: number, w: number): tf.Tensor3D {
  const zeros = values.map(() => 0);
  return linearInPixel(h, w, zeros, zeros, values);
}

/** [3, h * w]: rows j + ox, i + oy, 1 (float32). */
export function pixelBasis(h: number, w: number, ox = 0, oy = 0): tf.Tensor2D {
  return tf.tidy(() => {
    const i = tf.reshape(tf.matMul(tf.reshape(tf.range(oy, h + oy, 1, 'float32'), [h, 1]), tf.ones([1, w])), [1, h * w]);
    const j = tf.reshape(tf.matMul(tf.ones([h, 1]), tf.reshape(tf.range(ox, w + ox, 1, 'float32'), [1, w])), [1, h * w]);
    return tf.concat([j, i, tf.ones([1, h * w])], 0) as tf.Tensor2D;
  });
}

/** Channel k of [N, H, W, C] as [N, H, W, 1] (a matMul with a selector column; exact). */
export function channel(images: tf.Tensor4D, k: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, H, W, C] = images.shape;
    const sel = new Float32Array(C);
    sel[k] = 1;
    return tf.reshape(tf.matMul(tf.reshape(images, [-1, C]), tf.tensor2d(sel, [C, 1])), [n, H, W, 1]) as tf.Tensor4D;
  });
}

/** Stacks [N, H, W, 1] tensors as channels (sum of outer products with unit rows; exact). */
export function stackChannels(parts: readonly tf.Tensor[]): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, H, W] = parts[0]!.shape as [number, number, number];
    const c = parts.length;
    let out: tf.Tensor | undefined;
    parts.forEach((p, k) => {
      const unit = new Float32Array(c);
      unit[k] = 1;
      const term = tf.matMul(tf.reshape(p, [-1, 1]), tf.tensor2d(unit, [1, c]));
      out = out ? tf.add(out, term) : term;
    });
    return tf.reshape(out!, [n, H, W, c]) as tf.Tensor4D;
  });
}
