import { toRng, tf } from '@dl/core';
import type { Rng, SeedLike } from '@dl/core';
import { Module } from '@dl/layers';
import type { ApplyOptions } from '@dl/layers';

/** Two augmented views of a batch: a `@dl/augment` transform (`compose([...])`) or any `(images, rng) => images`. */
export type Views = (images: tf.Tensor4D, rng: Rng) => tf.Tensor;

/** What a proxy task's forward pass computes, given the task, the batch and fit's mode and generator. */
export type ProxyForward = (task: ProxyTask, x: tf.Tensor4D, options: { training: boolean; rng: Rng }) => tf.Tensor;

/**
 * A self-supervised proxy task (seed 000: "find proxy tasks (autoencoder, siamese)") as a module
 * that `fit` trains: its children are the `encoder` being pretrained and the `head` the task needs
 * on top (a decoder, a projection), its `loss` is `fit`'s `loss` (the labels it is given are not
 * read: pass any `[N]` labels), and its output is what that loss compares (`[2, ...]`: the
 * reconstruction and its target, or the embeddings of two views). Made by `autoencoderTask`,
 * `siameseTask` and `simclrTask`. Disposing the task disposes the encoder and the head (its
 * children): copy the encoder's weights out first (`copyWeights(task.encoder, net)`).
 */
export class ProxyTask extends Module {
  readonly encoder: Module;
  readonly head: Module;
  /** `fit`'s loss for this task: `(outputs, labels) => scalar`; the labels are ignored. */
  readonly loss: (outputs: tf.Tensor, labels: tf.Tensor) => tf.Scalar;
  readonly #forward: ProxyForward;
  // Views are random even outside fit (a call without `rng`): this generator serves those calls.
  readonly #rng: Rng;

  /** @internal Use autoencoderTask, siameseTask or simclrTask. */
  constructor(kind: string, encoder: Module, head: Module, forward: ProxyForward, loss: (outputs: tf.Tensor) => tf.Scalar, seed: SeedLike = 0) {
    super(kind);
    this.encoder = this.addModule('encoder', encoder);
    this.head = this.addModule('head', head);
    this.#forward = forward;
    this.loss = (outputs) => loss(outputs);
    this.#rng = toRng(seed);
  }

  protected forward(x: tf.Tensor, options: ApplyOptions): tf.Tensor {
    if (x.rank !== 4) throw new RangeError(`${this.kind}: images must be [N, H, W, C], got shape [${x.shape.join(', ')}]`);
    return this.#forward(this, x as tf.Tensor4D, { training: this.isTraining(options), rng: options.rng ?? this.#rng });
  }
}
