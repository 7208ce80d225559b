import { tf } from '@dl/core';
import { conv2d, dense, Lambda, relu, sequential } from '@dl/layers';
import type { Sequential } from '@dl/layers';
import { he } from '../internal/cnn-layers.js';

/** Nearest-neighbour 2x upsampling by a broadcast (its gradient, a sum, exists on every backend). */
function upsample2x(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape as [number, number, number, number];
    const spread = tf.add(tf.reshape(x, [n, h, 1, w, 1, c]), tf.zeros([1, 1, 2, 1, 2, 1]));
    return tf.reshape(spread, [n, 2 * h, 2 * w, c]);
  });
}

/**
 * The convolutional autoencoder's decoder for {@link cnnEncoder}'s 128-d code: dense 128 -> 7x7x64
 * + ReLU, upsample 2x, conv3x3-32 + ReLU, upsample 2x, conv3x3-1 (linear: it reconstructs the
 * standardised image, compared by mean squared error). `[batch, 128]` in, `[batch, 28, 28, 1]` out.
 */
export function cnnDecoder(seed: number): Sequential {
  return sequential(
    dense(128, 7 * 7 * 64, { ...he, seed: seed + 11 }), relu,
    new Lambda((x) => tf.reshape(x, [x.shape[0]!, 7, 7, 64]), 'reshape'),
    new Lambda(upsample2x, 'upsample2x'),
    conv2d(64, 32, 3, { padding: 1, ...he, seed: seed + 12 }), relu,
    new Lambda(upsample2x, 'upsample2x'),
    conv2d(32, 1, 3, { padding: 1, seed: seed + 13 }),
  );
}
