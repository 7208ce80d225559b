// Transfer from a @dl/zoo checkpoint: the CNN trained on Fashion-MNIST classes 0-4 (`fashion-0-4`),
// reused for classes 5-9 with a few labelled images — from scratch, frozen features, fine-tuned.
import { tf } from '@dl/core';
import type { RawImageDataset } from '@dl/datasets';
import { dense } from '@dl/layers';
import { adam, Optimizer } from '@dl/optim';
import { evaluate, fit } from '@dl/train';
import { freeze, replaceHead, trainableParameters } from '@dl/transfer';
import { cnn, loadPretrained } from '@dl/zoo';

export const MODES = ['scratch', 'frozen features', 'fine-tuned'] as const;
export type Mode = (typeof MODES)[number];

export interface TransferOptions {
  /** Labelled training images of classes 5-9. */
  examples: number;
  epochs: number;
  lr: number;
  seed: number;
  /** Test images of classes 5-9 (from the 500 shipped test images: about 250). */
  testSize: number;
}

export interface TransferPoint {
  mode: Mode;
  epoch: number;
  accuracy: number;
}

const STATS = { mean: 0.2860406, std: 0.3530242 };

/** Images of classes 5-9 as standardised tensors, labels 0..4 (as `fashion-5-9` in the zoo). */
function subset(data: RawImageDataset, limit: number): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const idx: number[] = [];
  for (let i = 0; i < data.count && idx.length < limit; i++) if (data.labels[i]! >= 5) idx.push(i);
  const px = new Float32Array(idx.length * 784);
  idx.forEach((s, k) => {
    for (let j = 0; j < 784; j++) px[k * 784 + j] = (data.images[s * 784 + j]! / 255 - STATS.mean) / STATS.std;
  });
  return { x: tf.tensor4d(px, [idx.length, 28, 28, 1]), y: tf.tensor1d(idx.map((s) => data.labels[s]! - 5), 'int32') };
}

async function build(mode: Mode, seed: number) {
  if (mode === 'scratch') return cnn(seed, 5);
  const pretrained = await loadPretrained('fashion-0-4'); // size and SHA-256 checked, eval mode
  // A new model sharing the backbone's modules; the old head is disposed.
  const model = replaceHead(pretrained, dense(128, 5, { seed }));
  // The first 13 children are the backbone; the head (child 13) is new.
  if (mode === 'frozen features') freeze(model, 13, { bnPolicy: 'eval' });
  return model;
}

export async function transferRuns(train: RawImageDataset, test: RawImageDataset, o: TransferOptions, onPoint: (p: TransferPoint[]) => void, shouldStop: () => boolean) {
  const points: TransferPoint[] = [];
  const trainSet = subset(train, o.examples);
  const testSet = subset(test, o.testSize);
  const final: Record<string, number> = {};
  try {
    for (const mode of MODES) {
      if (shouldStop()) break;
      const model = await build(mode, o.seed);
      // A new head alone takes a larger rate; the whole network the same as from scratch.
      const optimizer = new Optimizer(adam({ lr: mode === 'frozen features' ? o.lr * 10 : o.lr }), trainableParameters(model));
      try {
        const before = await evaluate(model, testSet, { batchSize: 125 });
        points.push({ mode, epoch: 0, accuracy: before.accuracy });
        onPoint(points);
        await fit({
          model,
          optimizer,
          data: trainSet,
          validation: testSet,
          epochs: o.epochs,
          batchSize: 20,
          rng: o.seed,
          callbacks: [
            {
              name: 'page',
              async onBatchEnd(ctx) {
                await tf.nextFrame();
                if (shouldStop()) ctx.stop('stopped from the page', 'callback');
              },
              onEpochEnd(_ctx, log) {
                points.push({ mode, epoch: log.epoch, accuracy: log.valAccuracy ?? 0 });
                onPoint(points);
              },
            },
          ],
        });
        final[mode] = points.filter((p) => p.mode === mode).at(-1)!.accuracy;
      } finally {
        optimizer.dispose();
        model.dispose();
      }
    }
  } finally {
    tf.dispose([trainSet.x, trainSet.y, testSet.x, testSet.y]);
  }
  return { points, final, examples: o.examples, testCount: testSet.y.shape[0] };
}
