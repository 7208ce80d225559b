import { dense, dropout, sequential } from '@dl/layers';
import type { Sequential } from '@dl/layers';
import { cnnEncoderLayers } from '../internal/cnn-layers.js';

/**
 * The Fashion-MNIST CNN (dl-train's `cnn`, the default recipe's network): conv3x3-32 + BN + ReLU +
 * maxpool, conv3x3-64 + BN + ReLU + maxpool, dropout 0.25, dense 128 + ReLU + dropout 0.5,
 * dense `classes`; Kaiming (He) normal init and zero biases for the hidden layers. Input
 * `[batch, 28, 28, 1]`, output logits `[batch, classes]`; 421,834 parameters for 10 classes.
 * Its first 12 layers are {@link cnnEncoder}'s, under the same names and seeds.
 */
export function cnn(seed: number, classes = 10): Sequential {
  return sequential(
    ...cnnEncoderLayers(seed),
    dropout(0.5),
    // The classifier keeps PyTorch's default init, so the first loss is near ln 10 (seed 003's check).
    dense(128, classes, { seed: seed + 4 }),
  );
}
