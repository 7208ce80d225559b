// Transfer from a @dl/zoo checkpoint: the CNN trained on Fashion-MNIST classes 0-4 (`fashion-0-4`),
// reused for classes 5-9 with a few labelled images — from scratch, a linear classifier on its frozen
// features, fine-tuned.
import { tf } from '@dl/core';
import type { RawImageDataset } from '@dl/datasets';
import { dense, sequential } from '@dl/layers';
import { adam, Optimizer } from '@dl/optim';
import { evaluate, fit, type DataLike, type Model } from '@dl/train';
import { featureExtractor, replaceHead, trainableParameters } from '@dl/transfer';
import { cnn, loadPretrained } from '@dl/zoo';
import { mulberry32 } from './dl';
import { pageCallback } from './page-callback';

export const MODES = ['scratch', 'frozen features', 'fine-tuned'] as const;
export type Mode = (typeof MODES)[number];

/**
 * Where the frozen network is cut for the linear classifier: after pool 2 (`'conv'`: the two conv
 * blocks, 3,136 features) or after dense 128 + ReLU (`'top'`: the notes' "CNN codes", 128 features).
 */
export const FROZEN_AT = { conv: 9, top: 11 } as const;
export type Frozen = keyof typeof FROZEN_AT;

export interface TransferOptions {
  /** Labelled training images of classes 5-9, balanced over the classes and picked by `seed`. */
  examples: number;
  epochs: number;
  /** Adam's rate for scratch and for the pretrained layers when fine-tuning; new heads train at 10x. */
  lr: number;
  seed: number;
  /** Test images of classes 5-9 (from the 500 shipped test images: about 250). */
  testSize: number;
  /** Which layers the frozen-features mode keeps frozen (see `FROZEN_AT`). */
  frozen: Frozen;
}

export interface TransferPoint {
  mode: Mode;
  epoch: number;
  accuracy: number;
}

export const STATS = { mean: 0.2860406, std: 0.3530242 };
export const BATCH = 20;

/** Images `idx` as standardised tensors, labels minus `offset` (classes 5-9 become 0..4, as `fashion-5-9` in the zoo). */
export function tensorsOf(data: RawImageDataset, idx: readonly number[], offset: number): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const px = new Float32Array(idx.length * 784);
  idx.forEach((s, k) => {
    for (let j = 0; j < 784; j++) px[k * 784 + j] = (data.images[s * 784 + j]! / 255 - STATS.mean) / STATS.std;
  });
  return { x: tf.tensor4d(px, [idx.length, 28, 28, 1]), y: tf.tensor1d(idx.map((s) => data.labels[s]! - offset), 'int32') };
}

/** The first `limit` images whose class is in [lo, lo + 4]. */
export function firstOfClasses(data: RawImageDataset, lo: number, limit: number): number[] {
  const idx: number[] = [];
  for (let i = 0; i < data.count && idx.length < limit; i++) if (data.labels[i]! >= lo && data.labels[i]! < lo + 5) idx.push(i);
  return idx;
}

/** `count` images of classes 5-9, as balanced as the classes allow, picked by `seed` (the labelled set). */
export function pickLabelled(data: RawImageDataset, count: number, seed: number): number[] {
  const byClass: number[][] = [[], [], [], [], []];
  for (let i = 0; i < data.count; i++) if (data.labels[i]! >= 5) byClass[data.labels[i]! - 5]!.push(i);
  const rand = mulberry32(seed + 7919);
  for (const list of byClass) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
  }
  const out: number[] = [];
  for (let k = 0; out.length < count && byClass.some((l) => k < l.length); k++) for (const list of byClass) if (k < list.length && out.length < count) out.push(list[k]!);
  return out.sort((a, b) => a - b);
}

/** Trains `model` with `fit` (Adam, batch 20), a test-accuracy point per epoch; false when stopped. */
async function train(model: Model, optimizer: Optimizer, data: DataLike, test: DataLike, mode: Mode, o: TransferOptions, points: TransferPoint[], onPoint: (p: TransferPoint[]) => void, shouldStop: () => boolean) {
  const before = await evaluate(model, test, { batchSize: 125 });
  points.push({ mode, epoch: 0, accuracy: before.accuracy });
  onPoint(points);
  await fit({
    model,
    optimizer,
    data,
    validation: test,
    epochs: o.epochs,
    batchSize: BATCH,
    rng: o.seed,
    callbacks: [
      {
        ...pageCallback(shouldStop),
        onEpochEnd(_ctx, log) {
          points.push({ mode, epoch: log.epoch, accuracy: log.valAccuracy ?? 0 });
          onPoint(points);
        },
      },
    ],
  });
}

export interface TransferResult {
  points: TransferPoint[];
  final: Record<string, number>;
  seconds: Record<string, number>;
  examples: number;
  testCount: number;
  frozen: Frozen;
  features: number;
  best: string;
}

export async function transferRuns(train_: RawImageDataset, test: RawImageDataset, o: TransferOptions, onPoint: (p: TransferPoint[]) => void, shouldStop: () => boolean): Promise<TransferResult> {
  const points: TransferPoint[] = [];
  const trainSet = tensorsOf(train_, pickLabelled(train_, o.examples, o.seed), 5);
  const testSet = tensorsOf(test, firstOfClasses(test, 5, o.testSize), 5);
  const final: Record<string, number> = {};
  const seconds: Record<string, number> = {};
  let features = 0;
  try {
    for (const mode of MODES) {
      if (shouldStop()) break;
      const t0 = performance.now();
      if (mode === 'scratch') {
        const model = cnn(o.seed + 100, 5);
        const optimizer = new Optimizer(adam({ lr: o.lr }), model.parameters());
        try {
          await train(model, optimizer, trainSet, testSet, mode, o, points, onPoint, shouldStop);
        } finally {
          optimizer.dispose();
          model.dispose();
        }
      } else if (mode === 'frozen features') {
        // Keras's "extract features, then train a classifier on them": the frozen layers run once
        // per image (eval mode: batch norm on its running statistics, no dropout), and a linear
        // classifier trains on the cached features.
        const pretrained = await loadPretrained('fashion-0-4'); // size and SHA-256 checked, eval mode
        let fTrain: tf.Tensor | undefined;
        let fTest: tf.Tensor | undefined;
        try {
          const fx = featureExtractor(pretrained, { upTo: FROZEN_AT[o.frozen] });
          fTrain = await fx.predict(trainSet.x, { batchSize: 125 });
          fTest = await fx.predict(testSet.x, { batchSize: 125 });
        } catch (e) {
          tf.dispose([fTrain, fTest].filter((t): t is tf.Tensor => t !== undefined));
          throw e;
        } finally {
          pretrained.dispose();
        }
        const [codes, testCodes] = [fTrain!, fTest!];
        features = codes.shape[1]!;
        const head = sequential(dense(features, 5, { seed: o.seed }));
        const optimizer = new Optimizer(adam({ lr: o.lr * 10 }), head.parameters());
        try {
          await train(head, optimizer, { x: codes, y: trainSet.y }, { x: testCodes, y: testSet.y }, mode, o, points, onPoint, shouldStop);
        } finally {
          optimizer.dispose();
          head.dispose();
          tf.dispose([codes, testCodes]);
        }
      } else {
        const pretrained = await loadPretrained('fashion-0-4');
        // A new model sharing the backbone's modules; the old head is disposed.
        const model = replaceHead(pretrained, dense(128, 5, { seed: o.seed }));
        // The notes' advice: a smaller rate for the pretrained weights than for the new head (child 13).
        const optimizer = new Optimizer(adam({ lr: o.lr }), trainableParameters(model), { groups: [{ name: 'head', params: (n: string) => n.startsWith('13.'), lrScale: 10 }] });
        try {
          await train(model, optimizer, trainSet, testSet, mode, o, points, onPoint, shouldStop);
        } finally {
          optimizer.dispose();
          model.dispose();
        }
      }
      const mine = points.filter((p) => p.mode === mode);
      if (mine.length) final[mode] = mine.at(-1)!.accuracy;
      seconds[mode] = (performance.now() - t0) / 1000;
    }
  } finally {
    tf.dispose([trainSet.x, trainSet.y, testSet.x, testSet.y]);
  }
  const best = Object.entries(final).sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  return { points, final, seconds, examples: trainSet.y.shape[0], testCount: testSet.y.shape[0], frozen: o.frozen, features, best };
}
