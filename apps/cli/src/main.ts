import { SingleBar, Presets } from 'cli-progress';
import { currentBackend, tf, useBackend } from '@dl/core';
import { loadFashionMnist, loadMnist } from '@dl/datasets/node';
import type { ImageDataset } from '@dl/datasets/node';
import { parseTrainArgs, USAGE } from './args.js';
import type { TrainArgs } from './args.js';
import { trainSoftmaxRegression } from './softmax-regression.js';
import type { Progress } from './softmax-regression.js';

const fmt = (x: number, digits = 4) => x.toFixed(digits);

async function load(args: TrainArgs, split: 'train' | 'test'): Promise<ImageDataset> {
  const limit = split === 'train' ? args.limit : undefined;
  if (args.dataset === 'mnist') return loadMnist({ split, normalize: true, ...(limit ? { limit } : {}) });
  return loadFashionMnist({ split, normalize: true, ...(limit ? { limit } : {}), ...(args.dataDir ? { dir: args.dataDir } : {}) });
}

/** dl-train's whole run; resolves to the process exit code. */
export async function main(argv: string[], out: NodeJS.WriteStream = process.stdout): Promise<number> {
  let args: TrainArgs;
  try {
    args = parseTrainArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    out.write(USAGE);
    return 0;
  }
  try {
    const backend = await useBackend(args.backend);
    const train = await load(args, 'train');
    const test = await load(args, 'test');
    const classes = train.classNames.length;
    out.write(
      `dl-train: softmax regression on ${args.dataset} (${train.labels.shape[0]} train images, ${test.labels.shape[0]} test) ` +
        `on backend '${backend}', ${args.epochs} epochs, batch ${args.batchSize}, lr ${args.lr}, momentum ${args.momentum}\n`,
    );
    const tty = args.progress && out.isTTY === true;
    const bar = tty
      ? new SingleBar(
          { format: 'epoch {epoch} |{bar}| {value}/{total} batches | loss {loss} | acc {acc} | {speed} samples/s | ETA {eta_formatted}', hideCursor: true, stream: out },
          Presets.shades_classic,
        )
      : undefined;
    let barEpoch = 0;
    const onProgress = (p: Progress) => {
      if (!bar) return;
      const payload = { epoch: `${p.epoch}/${args.epochs}`, loss: fmt(p.loss), acc: fmt(p.accuracy), speed: Math.round(p.samplesPerSecond) };
      if (barEpoch !== p.epoch) {
        if (barEpoch !== 0) bar.stop();
        bar.start(p.batches, p.batch, payload);
        barEpoch = p.epoch;
      } else bar.update(p.batch, payload);
    };
    let result;
    try {
      result = await trainSoftmaxRegression(train, test, {
        classes,
        epochs: args.epochs,
        batchSize: args.batchSize,
        lr: args.lr,
        momentum: args.momentum,
        validation: args.validation,
        seed: args.seed,
        onProgress,
      });
    } finally {
      bar?.stop();
      tf.dispose([train.images, train.labels, test.images, test.labels]);
    }
    for (const e of result.history) {
      const val = e.valAccuracy === undefined ? '' : ` | val loss ${fmt(e.valLoss!)} | val acc ${fmt(e.valAccuracy)}`;
      out.write(`epoch ${e.epoch}/${args.epochs} | loss ${fmt(e.loss)} | acc ${fmt(e.accuracy)}${val} | ${Math.round(e.samplesPerSecond)} samples/s\n`);
    }
    out.write(`test loss ${fmt(result.testLoss)}\n`);
    out.write(`test accuracy ${fmt(result.testAccuracy)} (${currentBackend()}, ${result.seconds.toFixed(1)} s)\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`dl-train: ${(error as Error).message}\n`);
    return 1;
  }
}
