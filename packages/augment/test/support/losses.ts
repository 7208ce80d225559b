import { tf } from '@dl/core';

/** Cross-entropy with soft labels, mean over the batch (what @dl/layers' softmaxCrossEntropy will compute). */
export function softCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.neg(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), 1))) as tf.Scalar);
}
