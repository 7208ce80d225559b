// The Fashion-MNIST CNN trained in the page with @dl/train's fit, yielding to the page every step.
import { tf } from '@dl/core';
import { toTensors, type RawImageDataset } from '@dl/datasets';
import { conv2d, dense, flatten, maxPool2d, relu, sequential } from '@dl/layers';
import { adam, Optimizer, sgd } from '@dl/optim';
import { oneCycle } from '@dl/schedulers';
import { checkInitialLoss, diagnoseCurves, evaluate, fit, type EpochLog } from '@dl/train';

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

export async function trainCnn(train: RawImageDataset, test: RawImageDataset, o: TrainOptions, onPoint: (p: TrainPoint[], sps: number) => void, shouldStop: () => boolean): Promise<TrainResult> {
  const subset: RawImageDataset = { ...train, count: Math.min(o.trainSize, train.count), images: train.images.subarray(0, Math.min(o.trainSize, train.count) * 784), labels: train.labels.subarray(0, Math.min(o.trainSize, train.count)) };
  const trainData = toTensors(subset, { normalize: true });
  const testData = toTensors(test, { normalize: true });
  const model = smallCnn(o.seed);
  const transform = o.optimizer === 'adam' ? adam({ lr: o.lr }) : sgd({ lr: o.lr, momentum: 0.9, nesterov: true });
  const optimizer = new Optimizer(transform, model.parameters());
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
