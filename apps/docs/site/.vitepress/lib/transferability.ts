// Yosinski et al.'s transferability curve with @dl/transfer's transferabilityCurve, base A being the
// zoo's `fashion-0-4` checkpoint (Fashion-MNIST classes 0-4) and task B classes 5-9 with a few
// labelled images: for n = 1..3 of the CNN's 4 layers (conv-BN, conv-BN, dense 128, head), the first
// n copied from the checkpoint and frozen (AnB) or fine-tuned (AnB+), the rest trained on B.
import { tf } from '@dl/core';
import type { RawImageDataset } from '@dl/datasets';
import { adam, Optimizer } from '@dl/optim';
import { fit } from '@dl/train';
import { copyWeights, trainableParameters, transferabilityCurve, type TransferMode, type TransferResult } from '@dl/transfer';
import { cnn, loadPretrained } from '@dl/zoo';
import { pageCallback } from './page-callback';
import { BATCH, firstOfClasses, pickLabelled, tensorsOf } from './transfer';

export interface CurveOptions {
  /** Labelled images of task B (classes 5-9), balanced, picked by `seed`. */
  examples: number;
  /** Epochs of every network trained on B (base B and each transfer network). */
  epochs: number;
  lr: number;
  seed: number;
  testSize: number;
  modes: TransferMode[];
}

export interface CurvePoint {
  kind: string;
  n: number;
  accuracy: number;
}

export interface CurveResult {
  points: CurvePoint[];
  baseB: number;
  layerCount: number;
  modes: TransferMode[];
  examples: number;
  testCount: number;
  seconds: number;
  stopped: boolean;
}

class StoppedFromPage extends Error {
  constructor() {
    super('stopped from the page');
  }
}

export async function transferCurve(train: RawImageDataset, test: RawImageDataset, o: CurveOptions, onPoint: (points: CurvePoint[], baseB: number | undefined) => void, shouldStop: () => boolean): Promise<CurveResult> {
  const t0 = performance.now();
  const points: CurvePoint[] = [];
  let baseB: number | undefined;
  let layerCount = 0;
  const b = tensorsOf(train, pickLabelled(train, o.examples, o.seed), 5);
  const testB = tensorsOf(test, firstOfClasses(test, 5, o.testSize), 5);
  // Task A's images are not trained on here: base A is the checkpoint, trained offline on all of
  // Fashion-MNIST's 30,000 training images of classes 0-4 (the page's own are passed for the record).
  const a = tensorsOf(train, firstOfClasses(train, 0, 100), 0);
  const pretrained = await loadPretrained('fashion-0-4'); // size and SHA-256 checked
  let stopped = false;
  try {
    const curve = await transferabilityCurve({
      a,
      b,
      testB,
      modes: o.modes,
      seeds: [o.seed],
      batchSize: 125,
      // Base A: the checkpoint's weights in a fresh network; every other network starts from one
      // initialisation (per seed) and gets the same budget on B.
      build: (run) => {
        const model = cnn(1000 * run.seed + 3, 5);
        if (run.kind === 'baseA') copyWeights(pretrained, model);
        return model;
      },
      train: async (model, data, run) => {
        if (run.kind === 'baseA') return; // already trained: the zoo checkpoint
        if (shouldStop()) throw new StoppedFromPage();
        const optimizer = new Optimizer(adam({ lr: o.lr }), trainableParameters(model));
        try {
          await fit({
            model,
            optimizer,
            data,
            epochs: o.epochs,
            batchSize: BATCH,
            rng: o.seed,
            callbacks: [
              pageCallback(shouldStop),
            ],
          });
        } finally {
          optimizer.dispose();
        }
        if (shouldStop()) throw new StoppedFromPage();
      },
      onResult: (r: TransferResult) => {
        if (r.kind === 'baseA') return;
        if (r.kind === 'baseB') baseB = r.accuracy;
        else points.push({ kind: r.kind, n: r.n, accuracy: r.accuracy });
        onPoint(points, baseB);
      },
    });
    layerCount = curve.layerCount;
  } catch (e) {
    if (!(e instanceof StoppedFromPage)) throw e;
    stopped = true;
  } finally {
    pretrained.dispose();
    tf.dispose([a.x, a.y, b.x, b.y, testB.x, testB.y]);
  }
  return { points, baseB: baseB ?? Number.NaN, layerCount, modes: o.modes, examples: b.y.shape[0], testCount: testB.y.shape[0], seconds: (performance.now() - t0) / 1000, stopped };
}
