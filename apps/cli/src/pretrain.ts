import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Rng, tf, useBackend } from '@dl/core';
import { writeFileAtomic } from '@dl/core/node';
import { compose, randomHorizontalFlip, randomResizedCrop } from '@dl/augment';
import { FASHION_MNIST_STATS } from '@dl/datasets';
import { loadFashionMnist } from '@dl/datasets/node';
import { batchNorm1d, dense, relu, sequential } from '@dl/layers';
import type { Module, Sequential } from '@dl/layers';
import { adam, Optimizer } from '@dl/optim';
import { evaluate, fit, stopOnNaN } from '@dl/train/node';
import { autoencoderTask, copyWeights, featureExtractor, siameseTask, simclrTask } from '@dl/transfer';
import type { ProxyTask } from '@dl/transfer';
import { cnn, cnnDecoder, cnnEncoder } from '@dl/zoo';
import { parseTrainArgs } from './args.js';
import { outGiven, runSubcommand, splitFlags } from './subcommand.js';
import type { TrainArgs } from './args.js';
import { pretrainChart } from './plot/pretrain.js';
import { chartSvg } from './plot/svg.js';
import { describeOptimizer, trainWithRecipe } from './recipe.js';
import { writeZooEncoder } from './zoo-entry.js';

export const PROXIES = ['autoencoder', 'contrastive', 'simclr'] as const;
export type Proxy = (typeof PROXIES)[number];

export interface PretrainArgs {
  proxies: Proxy[];
  seeds: number[];
  /** Labelled training images per downstream run, balanced over the classes; `'all'` = every one. */
  labels: (number | 'all')[];
  /** Images each downstream run sees: epochs = max(1, round(budget / labels)). */
  budget: number;
  pretrainLimit: number;
  pretrainEpochs: number;
  pretrainLr: number;
  pretrainBatch: number;
  margin: number;
  temperature: number;
  aeNoise: number;
  probeLr: number;
  /** Maintainers: store the first seed's encoder of the first proxy (with its all-label probe head) as this @dl/zoo entry. */
  zoo?: string;
  /** How the scratch and fine-tuned networks train: dl-train's own flags. */
  train: TrainArgs;
}

export const PRETRAIN_USAGE = `Usage: dl-train pretrain [options] [training options]

Proxy-task pre-training (seed 000): pre-trains the cnn's encoder (conv-BN-ReLU-pool x2, dense 128)
without labels on --pretrain-limit Fashion-MNIST training images, by a convolutional autoencoder,
by siamese pairs with Hadsell-Chopra-LeCun's contrastive loss (y = 0 similar: two views of one
image; y = 1 dissimilar: views of two images), or by SimCLR's NT-Xent over two augmented views;
then measures it with --labels labelled images: a linear probe on its frozen 128-d features and
the whole cnn fine-tuned from it, against the cnn trained from scratch and a probe on an untrained
encoder, every run with the same budget. Writes pretrain.json, pretrain.csv and pretrain.svg.

  --proxy <a,b,..>        of ${PROXIES.join(', ')} (default all three)
  --seeds <a,b,..>        seeds (default 0); each seeds the encoder, the pre-training and the label pick
  --labels <a,b,..>       labelled images per run, balanced over classes, or all (default 100,1000,all)
  --budget <n>            images each downstream run sees: epochs = max(1, round(n / labels)) (default 10000)
  --pretrain-limit <n>    unlabelled images to pre-train on, the first of the train split (default 20000)
  --pretrain-epochs <n>   default 1
  --pretrain-lr <x>       Adam's rate for pre-training (default 0.001)
  --pretrain-batch <n>    default 256
  --margin <m>            contrastive: the margin on the raw distance (default 1)
  --temperature <t>       simclr: NT-Xent's temperature (default 0.5)
  --ae-noise <s>          autoencoder: input noise std, a denoising autoencoder (default 0)
  --probe-lr <x>          Adam's rate for the linear probe (default 0.003)
  --zoo <name>            maintainers: store the encoder (one --proxy, one seed) with its probe head
                          fitted on all labels as @dl/zoo entry <name> (packages/zoo/weights,
                          manifest.json); pre-trains and probes only (no scratch, no fine-tuning)

Scratch and fine-tuned networks train as dl-train trains (--optimizer, --lr, --schedule, --augment,
--batch-size, ...; see dl-train --help) for the budget's epochs; --test-limit limits the test
images; --limit the labelled pool (the first n training images; labels are picked among them,
'all' is all of them; pre-training reads its own --pretrain-limit); --backend and --out as dl-train.
`;

const OWN_FLAGS = ['proxy', 'seeds', 'labels', 'budget', 'pretrain-limit', 'pretrain-epochs', 'pretrain-lr', 'pretrain-batch', 'margin', 'temperature', 'ae-noise', 'probe-lr', 'zoo'];
// Flags that choose one network's data, start, epochs or variants: pretrain sets those itself.
const NOT_HERE = [
  'dataset', 'classes', 'seed', 'epochs', 'validation', 'early-stopping', 'monitor', 'pretrained', 'freeze', 'fine-tune', 'freeze-epochs', 'lr-mult',
  'layer-decay', 'lr-slice', 'gradual-unfreeze', 'unfreeze-at', 'resume', 'checkpoint-dir', 'checkpoint-every', 'keep-last',
  'ema', 'swa-start', 'snapshots', 'ensemble-seeds', 'tta',
];

const fail = (message: string): never => {
  throw new RangeError(`dl-train pretrain: ${message}`);
};

function number(flag: string, raw: string, min: number, integer: boolean, exclusive = false): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || (integer && !Number.isSafeInteger(v)) || (exclusive ? v <= min : v < min)) {
    fail(`--${flag} must be ${integer ? 'an integer' : 'a number'} ${exclusive ? '>' : '>='} ${min}, got '${raw}'`);
  }
  return v;
}

/** Parses `dl-train pretrain`'s own flags, then hands the rest to dl-train's parser. */
export function parsePretrainArgs(argv: string[]): PretrainArgs & { help: boolean } {
  const { own, rest } = splitFlags('pretrain', argv, OWN_FLAGS, NOT_HERE, "pretrain chooses each network's data, seed, epochs and start");
  const train = parseTrainArgs(['--validation', '0', ...rest]);
  if (train.model !== 'cnn') fail(`--model must be cnn (the encoder is the cnn's), got '${train.model}'`);
  const proxies = (own.proxy ?? PROXIES.join(',')).split(',').map((s) => s.trim());
  const bad = proxies.find((p) => !PROXIES.includes(p as Proxy));
  if (bad !== undefined || new Set(proxies).size !== proxies.length) fail(`--proxy takes distinct names of ${PROXIES.join(', ')}, got '${own.proxy}'`);
  const seeds = (own.seeds ?? '0').split(',').map((s) => number('seeds', s, 0, true));
  const labels = (own.labels ?? '100,1000,all').split(',').map((s) => (s.trim() === 'all' ? ('all' as const) : number('labels', s, 10, true)));
  if (new Set(labels).size !== labels.length) fail(`--labels must not repeat a size, got '${own.labels}'`);
  const zoo = own.zoo;
  if (zoo !== undefined) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(zoo)) fail(`--zoo must be a name of lowercase letters, digits and dashes, got '${zoo}'`);
    if (proxies.length !== 1 || seeds.length !== 1 || !labels.includes('all')) fail('--zoo stores one encoder: give one --proxy, one --seeds and --labels with all (its probe head is fitted on all labels)');
  }
  return {
    proxies: proxies as Proxy[],
    seeds,
    labels,
    budget: number('budget', own.budget ?? '10000', 1, true),
    pretrainLimit: number('pretrain-limit', own['pretrain-limit'] ?? '20000', 2, true),
    pretrainEpochs: number('pretrain-epochs', own['pretrain-epochs'] ?? '1', 1, true),
    pretrainLr: number('pretrain-lr', own['pretrain-lr'] ?? '0.001', 0, false, true),
    pretrainBatch: number('pretrain-batch', own['pretrain-batch'] ?? '256', 2, true),
    margin: number('margin', own.margin ?? '1', 0, false),
    temperature: number('temperature', own.temperature ?? '0.5', 0, false, true),
    aeNoise: number('ae-noise', own['ae-noise'] ?? '0', 0, false),
    probeLr: number('probe-lr', own['probe-lr'] ?? '0.003', 0, false, true),
    ...(zoo !== undefined ? { zoo } : {}),
    train: { ...train, out: outGiven(rest) ? train.out : 'reports/pretrain' },
    help: train.help,
  };
}

/** SimCLR's views for 28x28 grey images: a random resized crop (30-100 % of the area) and a flip. */
export function proxyViews() {
  return compose([randomResizedCrop({ size: 28, scale: [0.3, 1] }), randomHorizontalFlip()]);
}

/** The proxy task around a fresh cnn encoder of `seed`: the decoder or projection head it needs. */
export function buildProxy(proxy: Proxy, seed: number, args: Pick<PretrainArgs, 'margin' | 'temperature' | 'aeNoise'>): ProxyTask {
  const encoder = cnnEncoder(seed);
  if (proxy === 'autoencoder') return autoencoderTask(encoder, cnnDecoder(seed), { noise: args.aeNoise, seed });
  // The batch norm keeps the siamese net from collapsing: on the raw 128-d features the pull of the
  // similar pairs (½D², D ~ 5 at init) shrinks everything and kills the encoder's last ReLU units
  // (99 % dead after one epoch of 5,000 images, margin 1: scripts/siamese-collapse.mjs); after a batch
  // norm, shrinking buys nothing.
  if (proxy === 'contrastive') return siameseTask(encoder, sequential(batchNorm1d(128), dense(128, 64, { seed: seed + 21 })), { views: proxyViews(), margin: args.margin, seed });
  return simclrTask(encoder, sequential(dense(128, 128, { seed: seed + 21 }), relu, dense(128, 64, { seed: seed + 22 })), { views: proxyViews(), temperature: args.temperature, seed });
}

/** Pre-trains `task` with Adam on unlabelled images; resolves to the last epoch's proxy loss and the seconds. */
export async function pretrainProxy(task: ProxyTask, images: tf.Tensor, args: Pick<PretrainArgs, 'pretrainEpochs' | 'pretrainLr' | 'pretrainBatch'>, seed: number) {
  const optimizer = new Optimizer(adam({ lr: args.pretrainLr }), task.parameters());
  const unlabelled = tf.zeros([images.shape[0]!], 'int32'); // fit wants labels; the proxy loss reads none
  try {
    const r = await fit({ model: task, loss: task.loss, optimizer, data: { x: images, y: unlabelled }, epochs: args.pretrainEpochs, batchSize: args.pretrainBatch, rng: seed, callbacks: [stopOnNaN()] });
    const last = r.history.epochs[r.history.epochs.length - 1]!;
    return { loss: last.loss, seconds: r.seconds };
  } finally {
    optimizer.dispose();
    unlabelled.dispose();
  }
}

/** A linear classifier on fixed features (Adam, `epochs` over them); resolves to the head and its test accuracy. */
export async function linearProbe(train: { x: tf.Tensor; y: tf.Tensor }, test: { x: tf.Tensor; y: tf.Tensor }, o: { epochs: number; batchSize: number; lr: number; seed: number; classes: number }) {
  const head = sequential(dense(train.x.shape[1]!, o.classes, { seed: o.seed + 31 }));
  const optimizer = new Optimizer(adam({ lr: o.lr }), head.parameters());
  try {
    await fit({ model: head, optimizer, data: train, epochs: o.epochs, batchSize: o.batchSize, rng: o.seed, callbacks: [stopOnNaN()] });
    const accuracy = (await evaluate(head, test, { batchSize: 1000 })).accuracy;
    return { head, accuracy };
  } catch (error) {
    head.dispose();
    throw error;
  } finally {
    optimizer.dispose();
  }
}

/** Indices of `size` training images balanced over the classes (seeded), in class order; every index for `'all'`. */
export function pickLabelled(labels: Int32Array | Float32Array, size: number | 'all', seed: number, classes = 10): Int32Array {
  if (size === 'all') return Int32Array.from(labels.keys());
  const byClass = Array.from({ length: classes }, () => [] as number[]);
  labels.forEach((c, i) => byClass[c]!.push(i));
  const rng = new Rng(seed);
  const out: number[] = [];
  byClass.forEach((idx, c) => {
    const want = Math.floor(size / classes) + (c < size % classes ? 1 : 0);
    if (want > idx.length) fail(`--labels ${size} needs ${want} images of class ${c}, and the training images have ${idx.length}`);
    const order = rng.permutation(idx.length);
    for (let k = 0; k < want; k++) out.push(idx[order[k]!]!);
  });
  return Int32Array.from(out);
}

/** One measured network: the method, how it was measured, the label size, the seed and its test accuracy. */
export interface PretrainRow {
  method: 'scratch' | 'random' | Proxy;
  mode: 'train' | 'probe' | 'fine-tune';
  labels: number | 'all';
  seed: number;
  accuracy: number;
  seconds: number;
}

export interface PretrainSummaryRow {
  method: PretrainRow['method'];
  mode: PretrainRow['mode'];
  labels: number | 'all';
  mean: number;
  std: number;
  count: number;
}

/** Mean and sample standard deviation per (method, mode, labels), in the order first met. */
export function summarizeRows(rows: readonly PretrainRow[]): PretrainSummaryRow[] {
  const groups = new Map<string, PretrainRow[]>();
  for (const r of rows) groups.set(`${r.method}|${r.mode}|${r.labels}`, [...(groups.get(`${r.method}|${r.mode}|${r.labels}`) ?? []), r]);
  return [...groups.values()].map((rs) => {
    const xs = rs.map((r) => r.accuracy);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const std = xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
    return { method: rs[0]!.method, mode: rs[0]!.mode, labels: rs[0]!.labels, mean, std, count: xs.length };
  });
}

const LINE_NAMES: Record<string, string> = {
  'scratch|train': 'scratch (the cnn, random init)',
  'random|probe': 'untrained encoder, linear probe',
};
export const lineName = (method: string, mode: string) => LINE_NAMES[`${method}|${mode}`] ?? `${method}, ${mode === 'probe' ? 'linear probe' : 'fine-tuned'}`;

/** The summary as a markdown table: a row per (method, mode), a column per label size, mean ± std. */
export function pretrainTable(summary: readonly PretrainSummaryRow[], labels: readonly (number | 'all')[]): string {
  const lines = [...new Set(summary.map((r) => `${r.method}|${r.mode}`))];
  const cell = (key: string, l: number | 'all') => {
    const r = summary.find((s) => `${s.method}|${s.mode}` === key && s.labels === l);
    return r ? `${r.mean.toFixed(4)} ± ${r.std.toFixed(4)}` : '';
  };
  const head = `| method | ${labels.map((l) => `${l} labels`).join(' | ')} |`;
  const rule = `|---|${labels.map(() => '---').join('|')}|`;
  return `${[head, rule, ...lines.map((k) => `| ${lineName(...(k.split('|') as [string, string]))} | ${labels.map((l) => cell(k, l)).join(' | ')} |`)].join('\n')}\n`;
}

const epochsFor = (budget: number, n: number) => Math.max(1, Math.round(budget / n));

type Labelled = { images: tf.Tensor; labels: tf.Tensor };
/** What the rows of one seed share: the pools, the label subsets, the seeds, the recipe and where rows go. */
interface SeedRun {
  train: Labelled;
  test: Labelled;
  n: number;
  seed: number;
  /** The initialisation seed of every network of this seed. */
  s: number;
  subsets: { labels: number | 'all'; epochs: number; idx: Int32Array }[];
  t: TrainArgs;
  probeLr: number;
  record: (row: PretrainRow) => void;
}

/** Rows `idx` of `x` (a copy of all of it when idx is every row): the caller owns the result. */
export const subset = (x: tf.Tensor, idx: Int32Array) => (idx.length === x.shape[0] ? x.clone() : tf.tidy(() => tf.gather(x, tf.tensor1d(idx, 'int32'))));

/** The cnn trained at each label size, from scratch or from `encoder`'s weights (its first three blocks); one row each. */
async function classifierRows(run: SeedRun, method: PretrainRow['method'], encoder: Module | undefined): Promise<void> {
  for (const sub of run.subsets) {
    const t1 = performance.now();
    const net = cnn(run.s);
    try {
      if (encoder) copyWeights(encoder, net, { upTo: 3 });
      const data = { x: subset(run.train.images, sub.idx), y: subset(run.train.labels, sub.idx) };
      try {
        await trainWithRecipe(net, data, run.seed, { ...run.t, epochs: sub.epochs }, FASHION_MNIST_STATS);
      } finally {
        tf.dispose([data.x, data.y]);
      }
      net.eval();
      const accuracy = (await evaluate(net, { x: run.test.images, y: run.test.labels }, { batchSize: 1000 })).accuracy;
      run.record({ method, mode: encoder ? 'fine-tune' : 'train', labels: sub.labels, seed: run.seed, accuracy, seconds: (performance.now() - t1) / 1000 });
    } finally {
      net.dispose();
    }
  }
}

/**
 * A linear probe on `encoder`'s frozen 128-d features at each label size; one row each. With
 * `keepHead`, resolves to the probe fitted on all labels (the caller's to dispose).
 */
async function probeRows(run: SeedRun, method: PretrainRow['method'], encoder: Module, keepHead: boolean): Promise<Module | undefined> {
  const t1 = performance.now();
  const fx = featureExtractor(encoder as Sequential, { upTo: 11 }); // the encoder's last layer: dense 128 + ReLU
  const feats: tf.Tensor[] = [];
  let head: Module | undefined;
  try {
    feats.push(await fx.predict(run.train.images, { batchSize: 1000 }));
    feats.push(await fx.predict(run.test.images, { batchSize: 1000 }));
    const [fTrain, fTest] = feats as [tf.Tensor, tf.Tensor];
    const shared = (performance.now() - t1) / 1000 / run.subsets.length;
    for (const sub of run.subsets) {
      const t2 = performance.now();
      const data = { x: subset(fTrain, sub.idx), y: subset(run.train.labels, sub.idx) };
      try {
        const r = await linearProbe(data, { x: fTest, y: run.test.labels }, { epochs: sub.epochs, batchSize: run.t.batchSize, lr: run.probeLr, seed: run.seed, classes: 10 });
        if (keepHead && sub.labels === 'all') {
          head?.dispose();
          head = r.head;
        } else r.head.dispose();
        run.record({ method, mode: 'probe', labels: sub.labels, seed: run.seed, accuracy: r.accuracy, seconds: shared + (performance.now() - t2) / 1000 });
      } finally {
        tf.dispose([data.x, data.y]);
      }
    }
    return head;
  } catch (error) {
    head?.dispose();
    throw error;
  } finally {
    tf.dispose(feats);
  }
}

/** `dl-train pretrain`; resolves to the exit code. */
export async function pretrain(argv: string[], out: NodeJS.WriteStream = process.stdout): Promise<number> {
  return runSubcommand('pretrain', PRETRAIN_USAGE, parsePretrainArgs, argv, out, async (args, owned) => {
    const t = args.train;
    const backend = await useBackend(t.backend);
    const dir = t.dataDir ? { dir: t.dataDir } : {};
    // The unlabelled pool and the labelled pool are both the first images of the train split: --limit
    // bounds the labelled one only (labels are scarce, images are not).
    const full = await loadFashionMnist({ split: 'train', normalize: true, ...dir });
    owned.push(full.images, full.labels);
    const train = t.limit && t.limit < full.images.shape[0]! ? { images: full.images.slice(0, t.limit), labels: full.labels.slice(0, t.limit) } : full;
    if (train !== full) owned.push(train.images, train.labels);
    const test = await loadFashionMnist({ split: 'test', normalize: true, ...(t.testLimit ? { limit: t.testLimit } : {}), ...dir });
    owned.push(test.images, test.labels);
    const n = train.images.shape[0]!;
    const pretrainN = Math.min(args.pretrainLimit, full.images.shape[0]!);
    const unlabelled = full.images.slice(0, pretrainN);
    owned.push(unlabelled);
    const labelIds = (await train.labels.data()) as Int32Array;
    const sizes = args.labels.map((l) => (l === 'all' ? n : l));
    out.write(
      `dl-train pretrain: proxies ${args.proxies.join(', ')} on ${pretrainN} unlabelled Fashion-MNIST images (${args.pretrainEpochs} epochs, Adam ${args.pretrainLr}, batch ${args.pretrainBatch}) on '${backend}'; ` +
        `then ${args.labels.join(' / ')} labels of ${n} (${sizes.map((s) => `${epochsFor(args.budget, s)} epochs`).join(' / ')}: budget ${args.budget} images), ${test.images.shape[0]} test images; ` +
        `scratch and fine-tuned: cnn, batch ${t.batchSize}, ${describeOptimizer(t)}, schedule ${t.schedule}, augment ${t.augment.join('+') || 'none'}; probe: Adam ${args.probeLr}; seeds ${args.seeds.join(',')}\n`,
    );
    const rows: PretrainRow[] = [];
    const t0 = performance.now();
    const record = (row: PretrainRow) => {
      rows.push(row);
      out.write(`  seed ${row.seed}: ${lineName(row.method, row.mode)}, ${row.labels} labels: test accuracy ${row.accuracy.toFixed(4)} (${row.seconds.toFixed(0)} s; ${((performance.now() - t0) / 1000).toFixed(0)} s in all)\n`);
    };
    const proxyLosses: { proxy: Proxy; seed: number; loss: number; seconds: number }[] = [];
    for (const seed of args.seeds) {
      const s = 1000 * seed + 3; // the same initial encoder for every proxy, the probe baseline and the scratch cnn of a seed
      const subsets = args.labels.map((l, i) => ({ labels: l, epochs: epochsFor(args.budget, sizes[i]!), idx: pickLabelled(labelIds, l, seed) }));
      const run = { train, test, n, seed, s, subsets, t, probeLr: args.probeLr, record };
      if (args.zoo === undefined) await classifierRows(run, 'scratch', undefined);
      const untrained = cnnEncoder(s);
      try {
        await probeRows(run, 'random', untrained, false);
      } finally {
        untrained.dispose();
      }
      for (const proxy of args.proxies) {
        const task = buildProxy(proxy, s, args);
        try {
          const p = await pretrainProxy(task, unlabelled, args, seed);
          proxyLosses.push({ proxy, seed, ...p });
          out.write(`  seed ${seed}: ${proxy} pre-trained, final proxy loss ${p.loss.toFixed(4)} (${p.seconds.toFixed(0)} s)\n`);
          const head = await probeRows(run, proxy, task.encoder, args.zoo !== undefined);
          if (head) {
            try {
              await writeZooEncoder(args.zoo!, task.encoder, head, { test: { x: test.images, y: test.labels }, proxy, proxyLoss: p.loss, argv, seed: s, limit: t.limit ?? null, training: { seconds: p.seconds, samplesPerSecond: (pretrainN * args.pretrainEpochs) / p.seconds }, out });
            } finally {
              head.dispose();
            }
          }
          if (args.zoo === undefined) await classifierRows(run, proxy, task.encoder);
        } finally {
          task.dispose();
        }
      }
    }
    const summary = summarizeRows(rows);
    out.write(pretrainTable(summary, args.labels));
    await mkdir(t.out, { recursive: true });
    const report = {
      proxies: args.proxies, seeds: args.seeds, labels: args.labels, budget: args.budget, epochs: Object.fromEntries(args.labels.map((l, i) => [l, epochsFor(args.budget, sizes[i]!)])),
      pretrain: { images: pretrainN, epochs: args.pretrainEpochs, lr: args.pretrainLr, batch: args.pretrainBatch, margin: args.margin, temperature: args.temperature, aeNoise: args.aeNoise },
      probeLr: args.probeLr, trainImages: n, testImages: test.images.shape[0], backend, seconds: (performance.now() - t0) / 1000, proxyLosses, summary, results: rows, argv,
    };
    await writeFileAtomic(join(t.out, 'pretrain.json'), `${JSON.stringify(report, null, 2)}\n`);
    await writeFileAtomic(join(t.out, 'pretrain.csv'), `method,mode,labels,seed,accuracy,seconds\n${rows.map((r) => `${r.method},${r.mode},${r.labels},${r.seed},${r.accuracy},${r.seconds.toFixed(1)}`).join('\n')}\n`);
    await writeFileAtomic(join(t.out, 'pretrain.svg'), chartSvg(pretrainChart(summary, sizes, { title: `Proxy-task pre-training on Fashion-MNIST (${args.seeds.length} seed${args.seeds.length > 1 ? 's' : ''})` })));
    out.write(`wrote ${join(t.out, 'pretrain.json')}, pretrain.csv, pretrain.svg\n`);
    return 0;
  });
}
