// The Fashion-MNIST CNN trained in the page with @dl/train's fit, yielding to the page every step.
import { tf } from '@dl/core';
import { toTensors, type RawImageDataset } from '@dl/datasets';
import { conv2d, dense, flatten, maxPool2d, relu, sequential } from '@dl/layers';
import { softmaxCrossEntropy } from '@dl/layers';
import { adam, Optimizer, sgd } from '@dl/optim';
import { oneCycle } from '@dl/schedulers';
import { checkInitialLoss, diagnoseCurves, evaluate, fit, lrRangeTest, overfitTinySubset, type EpochLog, type LossFn, type LrRangeTestResult } from '@dl/train';

export interface TrainOptions {
  optimizer: 'adam' | 'sgd';
  lr: number;
  epochs: number;
  batchSize: number;
  trainSize: number;
  seed: number;
}

export interface TrainPoint {
  step: number;
  loss: number;
  accuracy: number;
  series: 'train' | 'validation';
}

export interface TrainResult {
  epochs: EpochLog[];
  initialLoss: { loss: number; expected: number; ok: boolean };
  testAccuracy: number;
  testLoss: number;
  testCount: number;
  samplesPerSecond: number;
  diagnosis: { verdict: string; reasons: string[] };
  stopped: boolean;
}

/** A small CNN, the CLI's `cnn` shape at a quarter of its width (SwiftShader WebGL is slow). */
export function smallCnn(seed: number) {
  return sequential(
    conv2d(1, 8, 3, { padding: 1, seed: seed + 1 }), relu, maxPool2d(2),
    conv2d(8, 16, 3, { padding: 1, seed: seed + 2 }), relu, maxPool2d(2),
    flatten(),
    dense(7 * 7 * 16, 10, { seed: seed + 3 }),
  );
}

/** The first `count` images of `raw` (a view, no copy). */
function firstImages(raw: RawImageDataset, count: number): RawImageDataset {
  const n = Math.max(1, Math.min(count, raw.count));
  return { ...raw, count: n, images: raw.images.subarray(0, n * raw.height * raw.width), labels: raw.labels.subarray(0, n) };
}

/** The page's optimizer: Adam, or SGD with Nesterov momentum 0.9 (its one-cycle schedule is `fit`'s). */
function pageOptimizer(kind: 'adam' | 'sgd', lr: number, model: ReturnType<typeof smallCnn>): Optimizer {
  const transform = kind === 'adam' ? adam({ lr }) : sgd({ lr, momentum: 0.9, nesterov: true });
  return new Optimizer(transform, model.parameters());
}

export async function trainCnn(train: RawImageDataset, test: RawImageDataset, o: TrainOptions, onPoint: (p: TrainPoint[], sps: number) => void, shouldStop: () => boolean): Promise<TrainResult> {
  const subset = firstImages(train, o.trainSize);
  const trainData = toTensors(subset, { normalize: true });
  const testData = toTensors(test, { normalize: true });
  const model = smallCnn(o.seed);
  const optimizer = pageOptimizer(o.optimizer, o.lr, model);
  const points: TrainPoint[] = [];
  let sps = 0;
  try {
    const initial = await checkInitialLoss(model, trainData, { numClasses: 10, samples: 256 });
    const steps = Math.ceil(subset.count / o.batchSize) * o.epochs;
    const { history, stopped } = await fit({
      model,
      optimizer,
      data: trainData,
      validation: 0.1,
      epochs: o.epochs,
      batchSize: o.batchSize,
      rng: o.seed,
      logEvery: 5,
      ...(o.optimizer === 'sgd' ? { schedule: oneCycle({ maxLr: o.lr, totalSteps: steps }) } : {}),
      callbacks: [
        {
          name: 'page',
          async onBatchEnd(ctx, log) {
            if (log.loss !== undefined) {
              sps = log.samples / Math.max(log.seconds, 1e-9);
              points.push({ step: log.step, loss: log.loss, accuracy: log.accuracy ?? 0, series: 'train' });
              onPoint(points, sps);
            }
            // Yield to the page every step, so the controls and the plots stay live.
            await tf.nextFrame();
            if (shouldStop()) ctx.stop('stopped from the page', 'callback');
          },
          onEpochEnd(ctx, log) {
            if (log.valLoss !== undefined) points.push({ step: ctx.history.lr.length, loss: log.valLoss, accuracy: log.valAccuracy ?? 0, series: 'validation' });
            onPoint(points, log.samplesPerSecond);
          },
        },
      ],
    });
    const result = await evaluate(model, testData, { batchSize: 250 });
    const diagnosis = diagnoseCurves(history);
    return {
      epochs: history.epochs,
      initialLoss: { loss: initial.loss, expected: initial.expected, ok: initial.ok },
      testAccuracy: result.accuracy,
      testLoss: result.loss,
      testCount: result.count,
      samplesPerSecond: history.epochs.length ? history.epochs[history.epochs.length - 1]!.samplesPerSecond : sps,
      diagnosis: { verdict: diagnosis.verdict, reasons: diagnosis.reasons },
      stopped: stopped !== undefined,
    };
  } finally {
    optimizer.dispose();
    model.dispose();
    tf.dispose([trainData.images, trainData.labels, testData.images, testData.labels]);
  }
}

// ---------------------------------------------------------------------------------------------
// The good-practice checks of the lecture notes (seed 003, seed 004), on the same CNN and data.

/** Thrown from the loss when the page asks a package loop that has no callbacks to stop. */
class StoppedFromPage extends Error {
  constructor() {
    super('stopped from the page');
  }
}

export interface LrRangeOptions {
  optimizer: 'adam' | 'sgd';
  batchSize: number;
  trainSize: number;
  seed: number;
  /** The swept range, exponentially from `minLr` to `maxLr` over `steps` steps. */
  minLr: number;
  maxLr: number;
  steps: number;
}

/** `lrRangeTest`'s result, with the sweep asked for and what the page measured. */
export interface LrRangeResult extends LrRangeTestResult {
  minLr: number;
  maxLr: number;
  /** Steps run (fewer than asked when the loss diverged). */
  steps: number;
  seconds: number;
  stopped: boolean;
}

/**
 * @dl/train's `lrRangeTest` (fastai's `lr_find`) on the page's CNN, optimizer and training images:
 * one step per batch at a rate growing exponentially from `minLr` to `maxLr`, stopped when the
 * smoothed loss passes 4x its minimum; the weights are restored afterwards. `lrRangeTest` takes no
 * callbacks, so the loss function counts the steps for the page and throws to stop it (the test
 * restores everything on a throw).
 */
export async function lrRange(train: RawImageDataset, o: LrRangeOptions, onStep: (step: number) => void, shouldStop: () => boolean): Promise<LrRangeResult> {
  const data = toTensors(firstImages(train, o.trainSize), { normalize: true });
  const model = smallCnn(o.seed);
  const optimizer = pageOptimizer(o.optimizer, o.minLr, model);
  let step = 0;
  const loss: LossFn = (out, y) => {
    if (shouldStop()) throw new StoppedFromPage();
    onStep(++step);
    return softmaxCrossEntropy(out, y) as tf.Scalar;
  };
  const t0 = performance.now();
  try {
    const r = await lrRangeTest({ model, optimizer, data, loss, minLr: o.minLr, maxLr: o.maxLr, steps: o.steps, batchSize: o.batchSize, rng: o.seed });
    return { ...r, minLr: o.minLr, maxLr: o.maxLr, steps: r.lrs.length, seconds: (performance.now() - t0) / 1000, stopped: false };
  } catch (e) {
    if (!(e instanceof StoppedFromPage)) throw e;
    const nan = Number.NaN;
    return { lrs: [], losses: [], smoothed: [], suggestedLr: nan, minLossLr: nan, steepestLr: nan, diverged: false, minLr: o.minLr, maxLr: o.maxLr, steps: step, seconds: (performance.now() - t0) / 1000, stopped: true };
  } finally {
    optimizer.dispose();
    model.dispose();
    tf.dispose([data.images, data.labels]);
  }
}

export interface OverfitOptions {
  optimizer: 'adam' | 'sgd';
  lr: number;
  seed: number;
  /** Training images to memorise (the first ones). */
  size: number;
  /** Full-batch epochs at most. */
  maxEpochs: number;
}

export interface OverfitPoint {
  epoch: number;
  loss: number;
  accuracy: number;
}

export interface OverfitRunResult {
  points: OverfitPoint[];
  size: number;
  epochs: number;
  /** Training accuracy and loss on the subset at the end (eval mode). */
  accuracy: number;
  loss: number;
  ok: boolean;
  message: string;
  seconds: number;
  stopped: boolean;
}

/** Epochs per `overfitTinySubset` call: the page draws and may stop between calls. */
const OVERFIT_CHUNK = 2;

/**
 * Seed 003's second check: the page's CNN must be able to memorise a handful of training images
 * (training accuracy 100 %, loss near 0); if it cannot, look for a bug before training on everything.
 * @dl/train's `overfitTinySubset` (full-batch steps on the first `size` images, then the training
 * accuracy in eval mode), called a couple of epochs at a time with `restore: false` so the page can
 * plot the curve and stop between calls.
 */
export async function overfitSubset(train: RawImageDataset, o: OverfitOptions, onPoint: (p: OverfitPoint[]) => void, shouldStop: () => boolean): Promise<OverfitRunResult> {
  const data = toTensors(firstImages(train, o.size), { normalize: true });
  const model = smallCnn(o.seed);
  const optimizer = pageOptimizer(o.optimizer, o.lr, model);
  const points: OverfitPoint[] = [];
  const t0 = performance.now();
  let epochs = 0;
  let last = { ok: false, accuracy: 0, loss: Number.NaN, message: '' };
  try {
    const first = await evaluate(model, data);
    points.push({ epoch: 0, loss: first.loss, accuracy: first.accuracy });
    onPoint(points);
    while (epochs < o.maxEpochs && !shouldStop()) {
      const n = Math.min(OVERFIT_CHUNK, o.maxEpochs - epochs);
      const r = await overfitTinySubset({ model, optimizer, data, size: o.size, epochs: n, target: 1, restore: false, rng: o.seed + epochs });
      epochs += r.epochs;
      last = r;
      points.push({ epoch: epochs, loss: r.loss, accuracy: r.accuracy });
      onPoint(points);
      await tf.nextFrame();
      if (r.ok || !Number.isFinite(r.loss)) break;
    }
    const message = last.ok
      ? `reached 100 % training accuracy on ${data.labels.shape[0]} images in ${epochs} full-batch epochs (loss ${last.loss.toFixed(4)})`
      : `${(100 * last.accuracy).toFixed(1)} % training accuracy on ${data.labels.shape[0]} images after ${epochs} epochs (loss ${last.loss.toFixed(4)}): look for a bug, a too small learning rate or too little capacity`;
    return { points, size: data.labels.shape[0]!, epochs, accuracy: last.accuracy, loss: last.loss, ok: last.ok, message, seconds: (performance.now() - t0) / 1000, stopped: shouldStop() };
  } finally {
    optimizer.dispose();
    model.dispose();
    tf.dispose([data.images, data.labels]);
  }
}
