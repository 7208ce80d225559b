import { tf } from '@dl/core';
import type { SeedLike } from '@dl/core';
import type { Module } from '@dl/layers';
import { checkKeys, checkNonNegative, checkObject } from './internal/check.js';
import { checkEncoderHead } from './internal/proxy-check.js';
import { ProxyTask } from './proxy-task.js';

export interface AutoencoderTaskOptions {
  /**
   * Standard deviation of Gaussian noise added to the encoder's input in training (a denoising
   * autoencoder, Vincent et al. 2008); the target stays the clean image. Default 0.
   */
  noise?: number;
  /** Generator for the noise when `fit` gives none. Default 0. */
  seed?: SeedLike;
}

/**
 * The convolutional autoencoder proxy task (seed 000): `decoder(encoder(x))` reconstructs `x`,
 * trained by mean squared error, so the encoder learns a code of the images without labels. A
 * `ProxyTask` for `fit` (`model: task, loss: task.loss`); its output is `[2N, H, W, C]`: the
 * N reconstructions, then the N targets. With @dl/zoo: `autoencoderTask(cnnEncoder(0), cnnDecoder(0))`.
 */
export function autoencoderTask(encoder: Module, decoder: Module, options: AutoencoderTaskOptions = {}): ProxyTask {
  const where = 'autoencoderTask';
  checkObject(where, 'options', options);
  checkKeys(where, options, ['noise', 'seed']);
  checkEncoderHead(where, encoder, decoder, 'decoder');
  const noise = checkNonNegative(where, 'noise', options.noise ?? 0);
  return new ProxyTask(
    'autoencoder',
    encoder,
    decoder,
    (task, x, { training, rng }) =>
      tf.tidy(() => {
        const input = training && noise > 0 ? tf.add(x, rng.normal(x.shape, { std: noise })) : x;
        const out = task.head.apply(task.encoder.apply(input, { training, rng }), { training, rng });
        if (!tf.util.arraysEqual(out.shape, x.shape)) throw new RangeError(`${where}: the decoder made [${out.shape.join(', ')}] from images [${x.shape.join(', ')}]; it must reconstruct their shape`);
        // [2N, H, W, C] rather than a stack [2, N, ...]: rank-5 tensors break WebGPU kernels.
        return tf.concat([out, x]);
      }),
    (outputs) =>
      tf.tidy(() => {
        const n = outputs.shape[0]! / 2;
        return tf.mean(tf.squaredDifference(outputs.slice(0, n), outputs.slice(n, n))) as tf.Scalar;
      }),
    options.seed,
  );
}
