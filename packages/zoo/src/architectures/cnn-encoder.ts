import { sequential } from '@dl/layers';
import type { Sequential } from '@dl/layers';
import { cnnEncoderLayers } from '../internal/cnn-layers.js';

/**
 * The {@link cnn} without its classifier: conv-BN-ReLU-pool x2, dropout 0.25, dense 128 + ReLU.
 * Images `[batch, 28, 28, 1]` in, 128-d features out. Its parameters carry the cnn's names
 * (`'0.kernel'` ... `'10.bias'`) and the cnn's initialisation for the same seed, so an encoder
 * pretrained on a proxy task (autoencoder, siamese, SimCLR) loads into a `cnn` with
 * `loadStateDict(state, {strict: false})` or `copyWeights(encoder, cnn, {upTo: 3})` (its three parameter blocks) of @dl/transfer.
 */
export function cnnEncoder(seed: number): Sequential {
  return sequential(...cnnEncoderLayers(seed));
}
