import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tf, useBackend } from '@dl/core';
import { writeFileAtomic } from '@dl/core/node';
import { FASHION_MNIST_STATS } from '@dl/datasets';
import type { Module } from '@dl/layers';
import { evaluate } from '@dl/train/node';
import { adviseTransfer, copyWeights, featureExtractor, freeze } from '@dl/transfer';
import type { TransferStrategy } from '@dl/transfer';
import { cnn, listPretrained, loadPretrained } from '@dl/zoo';
import { parseTrainArgs } from './args.js';
import { outGiven, runSubcommand, splitFlags } from './subcommand.js';
import type { TrainArgs } from './args.js';
import { linearProbe, pickLabelled, subset } from './pretrain.js';
import { describeOptimizer, trainWithRecipe } from './recipe.js';
import { loadTask } from './transfer-curve.js';
import type { TaskSpec } from './transfer-curve.js';

export type MeasuredStrategy = TransferStrategy | 'scratch';
export const STRATEGIES: readonly MeasuredStrategy[] = ['scratch', 'linear-probe', 'linear-probe-earlier', 'fine-tune-top', 'fine-tune-more', 'fine-tune-all'];
const SIMILARITIES = ['similar', 'different'] as const;
type Similarity = (typeof SIMILARITIES)[number];

export interface TransferAdviceArgs {
  /** The pretrained network for each kind of data (@dl/zoo names). */
  sources: Record<Similarity, string>;
  b: TaskSpec;
  labels: (number | 'all')[];
  seeds: number[];
  budget: number;
  strategies: MeasuredStrategy[];
  probeLr: number;
  train: TrainArgs;
}

export const TRANSFER_ADVICE_USAGE = `Usage: dl-train transfer-advice [options] [training options]

The notes' four cases of transfer learning (seeds 001 and 004: small or large data, similar or
different to the pretraining data), measured: for each pretrained @dl/zoo network and each label
size, every strategy on task B against training from scratch with the same budget:
  linear-probe          a linear classifier on the frozen 128-d top features (dense 128 + ReLU)
  linear-probe-earlier  a linear classifier on the frozen conv features (3,136-d, after pool 2)
  fine-tune-top         copy the network, freeze the convolutions, train dense 128 and the head
  fine-tune-more        copy the network, freeze the first convolution, train the rest
  fine-tune-all         copy the network and train all of it
  scratch               the same cnn from random init
Prints the 2x2 table with adviseTransfer's answer and the measured best per cell; writes
transfer-advice.json and transfer-advice.csv to --out.

  --similar <zoo name>    pretrained on data like B's (default fashion-0-4: Fashion-MNIST 0-4)
  --different <zoo name>  pretrained on other data (default mnist-cnn: MNIST digits)
  --b <dataset:classes>   task B (default fashion-mnist:5-9), relabelled 0..k-1
  --labels <a,b,..>       labelled images of B per run, balanced over classes, or all (default 100,1000,all)
  --seeds <a,b,..>        default 0
  --budget <n>            images each run sees: epochs = max(1, round(n / labels)) (default 10000)
  --strategies <a,b,..>   of ${STRATEGIES.join(', ')} (default all)
  --probe-lr <x>          Adam's rate for the linear probes (default 0.003)

Networks train as dl-train trains (--optimizer, --lr, --schedule, --augment, --batch-size, ...),
frozen batch norms in eval mode; --limit bounds B's labelled pool (the first n images of its
classes; 'all' is all of them); --test-limit, --backend and --out as dl-train.
`;

const OWN_FLAGS = ['similar', 'different', 'b', 'labels', 'seeds', 'budget', 'strategies', 'probe-lr'];
const NOT_HERE = [
  'dataset', 'classes', 'seed', 'epochs', 'validation', 'early-stopping', 'monitor', 'pretrained', 'freeze', 'fine-tune', 'freeze-epochs', 'lr-mult',
  'layer-decay', 'lr-slice', 'gradual-unfreeze', 'unfreeze-at', 'resume', 'checkpoint-dir', 'checkpoint-every', 'keep-last', 'model',
  'ema', 'swa-start', 'snapshots', 'ensemble-seeds', 'tta', 'bn-policy',
];

const fail = (message: string): never => {
  throw new RangeError(`dl-train transfer-advice: ${message}`);
};

function ints(flag: string, raw: string, min: number): number[] {
  const out = raw.split(',').map((s) => Number(s.trim()));
  if (out.some((v) => !Number.isSafeInteger(v) || v < min)) fail(`--${flag} must be a comma-separated list of integers >= ${min}, got '${raw}'`);
  return out;
}

/** Parses `dl-train transfer-advice`'s own flags, then hands the rest to dl-train's parser. */
export function parseTransferAdviceArgs(argv: string[]): TransferAdviceArgs & { help: boolean } {
  const { own, rest } = splitFlags('transfer-advice', argv, OWN_FLAGS, NOT_HERE, "transfer-advice chooses each network, its data, seed, epochs and frozen layers");
  const train = parseTrainArgs(['--validation', '0', ...rest]);
  const names = listPretrained().map((e) => e.name);
  const sources = { similar: own.similar ?? 'fashion-0-4', different: own.different ?? 'mnist-cnn' };
  for (const k of SIMILARITIES) if (!names.includes(sources[k])) fail(`--${k} must name a @dl/zoo model (${names.join(', ')}), got '${sources[k]}'`);
  const bm = /^(fashion-mnist|mnist):(\d)-(\d)$/.exec(own.b ?? 'fashion-mnist:5-9');
  if (!bm || Number(bm[3]) <= Number(bm[2])) fail(`--b must be dataset:a-b (fashion-mnist:5-9), got '${own.b}'`);
  const b: TaskSpec = { dataset: bm![1] as TaskSpec['dataset'], classes: Array.from({ length: Number(bm![3]) - Number(bm![2]) + 1 }, (_, i) => Number(bm![2]) + i) };
  const labels = (own.labels ?? '100,1000,all').split(',').map((s) => (s.trim() === 'all' ? ('all' as const) : ints('labels', s, b.classes.length)[0]!));
  if (new Set(labels).size !== labels.length) fail(`--labels must not repeat a size, got '${own.labels}'`);
  const strategies = (own.strategies ?? STRATEGIES.join(',')).split(',').map((s) => s.trim());
  const bad = strategies.find((s) => !STRATEGIES.includes(s as MeasuredStrategy));
  if (bad !== undefined) fail(`--strategies takes ${STRATEGIES.join(', ')}, got '${bad}'`);
  const probeLr = Number(own['probe-lr'] ?? '0.003');
  if (!(probeLr > 0) || !Number.isFinite(probeLr)) fail(`--probe-lr must be a number > 0, got '${own['probe-lr']}'`);
  return {
    sources,
    b,
    labels,
    seeds: ints('seeds', own.seeds ?? '0', 0),
    budget: ints('budget', own.budget ?? '10000', 1)[0]!,
    strategies: strategies as MeasuredStrategy[],
    probeLr,
    train: { ...train, out: outGiven(rest) ? train.out : 'reports/transfer-advice' },
    help: train.help,
  };
}

export interface AdviceRow {
  similarity: Similarity;
  source: string;
  labels: number | 'all';
  strategy: MeasuredStrategy;
  seed: number;
  accuracy: number;
  seconds: number;
}

// The parameters each fine-tuning strategy keeps frozen (the cnn's blocks: conv 1, conv 2, dense 128, head).
const FROZEN: Partial<Record<MeasuredStrategy, RegExp>> = { 'fine-tune-top': /^(0|1|4|5)\./, 'fine-tune-more': /^(0|1)\./ };
// Where the linear probes cut the pretrained network: after dense 128 + ReLU, or after pool 2 (flatten).
const PROBE_AT: Partial<Record<MeasuredStrategy, number>> = { 'linear-probe': 11, 'linear-probe-earlier': 9 };

/** Mean ± std per (similarity, labels, strategy). */
function summarize(rows: readonly AdviceRow[]) {
  const groups = new Map<string, AdviceRow[]>();
  for (const r of rows) groups.set(`${r.similarity}|${r.labels}|${r.strategy}`, [...(groups.get(`${r.similarity}|${r.labels}|${r.strategy}`) ?? []), r]);
  return [...groups.values()].map((rs) => {
    const xs = rs.map((r) => r.accuracy);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const std = xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
    return { similarity: rs[0]!.similarity, labels: rs[0]!.labels, strategy: rs[0]!.strategy, mean, std, count: xs.length };
  });
}

/** `dl-train transfer-advice`; resolves to the exit code. */
export async function transferAdvice(argv: string[], out: NodeJS.WriteStream = process.stdout): Promise<number> {
  return runSubcommand('transfer-advice', TRANSFER_ADVICE_USAGE, parseTransferAdviceArgs, argv, out, async (args, owned) => {
    const t = { ...args.train, model: 'cnn' as const };
    const backend = await useBackend(t.backend);
    const train = await loadTask(args.b, 'train', t.limit, t.dataDir);
    owned.push(train.x, train.y);
    const test = await loadTask(args.b, 'test', t.testLimit, t.dataDir);
    owned.push(test.x, test.y);
    const n = train.x.shape[0]!;
    const k = args.b.classes.length;
    const ids = (await train.y.data()) as Int32Array;
    const sizes = args.labels.map((l) => (l === 'all' ? n : l));
    const epochsFor = (size: number) => Math.max(1, Math.round(args.budget / size));
    out.write(
      `dl-train transfer-advice: B = ${args.b.dataset} ${args.b.classes.join(',')} (${n} train, ${test.x.shape[0]} test) on '${backend}'; similar source zoo:${args.sources.similar}, different zoo:${args.sources.different}; ` +
        `${args.labels.join(' / ')} labels (${sizes.map((s) => `${epochsFor(s)} epochs`).join(' / ')}: budget ${args.budget} images); cnn, batch ${t.batchSize}, ${describeOptimizer(t)}, schedule ${t.schedule}, augment ${t.augment.join('+') || 'none'}; probes Adam ${args.probeLr}; seeds ${args.seeds.join(',')}\n`,
    );
    const rows: AdviceRow[] = [];
    const t0 = performance.now();
    const record = (row: AdviceRow) => {
      rows.push(row);
      out.write(`  ${row.similarity} (zoo:${row.source}), ${row.labels} labels, seed ${row.seed}: ${row.strategy} ${row.accuracy.toFixed(4)} (${row.seconds.toFixed(0)} s; ${((performance.now() - t0) / 1000).toFixed(0)} s in all)\n`);
    };
    for (const similarity of SIMILARITIES) {
      const name = args.sources[similarity];
      const source = await loadPretrained(name);
      // Each probe's features of every train and test image, computed once per source.
      const cached: Partial<Record<MeasuredStrategy, { train: tf.Tensor; test: tf.Tensor }>> = {};
      const feats: tf.Tensor[] = [];
      try {
        for (const strategy of args.strategies) {
          const at = PROBE_AT[strategy];
          if (at === undefined) continue;
          const fx = featureExtractor(source, { upTo: at });
          const fTrain = await fx.predict(train.x, { batchSize: 1000 });
          feats.push(fTrain); // freed below on every path, the test features' failure included
          const fTest = await fx.predict(test.x, { batchSize: 1000 });
          feats.push(fTest);
          cached[strategy] = { train: fTrain, test: fTest };
        }
        for (const seed of args.seeds) {
          const s = 1000 * seed + 3;
          for (const [i, labels] of args.labels.entries()) {
            const idx = pickLabelled(ids, labels, seed, k);
            const epochs = epochsFor(sizes[i]!);
            for (const strategy of args.strategies) {
              const t1 = performance.now();
              const probe = cached[strategy];
              let accuracy: number;
              if (probe) {
                const data = { x: subset(probe.train, idx), y: subset(train.y, idx) };
                try {
                  const r = await linearProbe(data, { x: probe.test, y: test.y }, { epochs, batchSize: t.batchSize, lr: args.probeLr, seed, classes: k });
                  r.head.dispose();
                  accuracy = r.accuracy;
                } finally {
                  tf.dispose([data.x, data.y]);
                }
              } else {
                accuracy = await trainedAccuracy(strategy, source, s, k, { x: subset(train.x, idx), y: subset(train.y, idx) }, test, seed, { ...t, epochs });
              }
              record({ similarity, source: name, labels, strategy, seed, accuracy, seconds: (performance.now() - t1) / 1000 });
            }
          }
        }
      } finally {
        source.dispose();
        tf.dispose(feats); // each source's features go as soon as its rows are done
      }
    }
    const summary = summarize(rows);
    out.write(adviceTable(summary, args.labels, sizes, args.strategies));
    await mkdir(t.out, { recursive: true });
    const cells = SIMILARITIES.flatMap((similarity) =>
      args.labels.map((labels, i) => {
        const advice = adviseTransfer({ examples: sizes[i]!, similarity });
        const measured = summary.filter((r) => r.similarity === similarity && r.labels === labels).sort((a, b) => b.mean - a.mean);
        return { similarity, labels, examples: sizes[i]!, advised: advice.strategy, alternative: advice.alternative?.strategy ?? null, best: measured[0]?.strategy ?? null, results: measured };
      }),
    );
    const report = { b: args.b, sources: args.sources, labels: args.labels, seeds: args.seeds, budget: args.budget, epochs: Object.fromEntries(args.labels.map((l, i) => [l, epochsFor(sizes[i]!)])), probeLr: args.probeLr, backend, seconds: (performance.now() - t0) / 1000, cells, results: rows, argv };
    await writeFileAtomic(join(t.out, 'transfer-advice.json'), `${JSON.stringify(report, null, 2)}\n`);
    await writeFileAtomic(join(t.out, 'transfer-advice.csv'), `similarity,source,labels,strategy,seed,accuracy,seconds\n${rows.map((r) => `${r.similarity},${r.source},${r.labels},${r.strategy},${r.seed},${r.accuracy},${r.seconds.toFixed(1)}`).join('\n')}\n`);
    out.write(`wrote ${join(t.out, 'transfer-advice.json')}, transfer-advice.csv\n`);
    return 0;
  });
}

/** Trains the cnn for B by `strategy` (scratch, or the source's first three blocks copied and some frozen); its test accuracy. */
async function trainedAccuracy(strategy: MeasuredStrategy, source: Module, s: number, k: number, data: { x: tf.Tensor; y: tf.Tensor }, test: { x: tf.Tensor; y: tf.Tensor }, seed: number, t: TrainArgs): Promise<number> {
  const net = cnn(s, k);
  try {
    if (strategy !== 'scratch') {
      copyWeights(source, net, { upTo: 3 });
      const frozen = FROZEN[strategy];
      if (frozen) freeze(net, frozen, { bnPolicy: 'eval' });
    }
    await trainWithRecipe(net, data, seed, t, FASHION_MNIST_STATS);
    net.eval();
    return (await evaluate(net, test, { batchSize: 1000 })).accuracy;
  } finally {
    net.dispose();
    tf.dispose([data.x, data.y]);
  }
}

/** The 2x2 table: a row per (labels, similarity), a column per strategy, the advised and the measured best. */
export function adviceTable(summary: ReturnType<typeof summarize>, labelSizes: readonly (number | 'all')[], sizes: readonly number[], strategies: readonly MeasuredStrategy[]): string {
  const lines = [`| labels | data | ${strategies.join(' | ')} | advised (adviseTransfer) | measured best |`, `|---|---|${strategies.map(() => '---').join('|')}|---|---|`];
  for (const [i, labels] of labelSizes.entries()) {
    for (const similarity of SIMILARITIES) {
      const rs = summary.filter((r) => r.similarity === similarity && r.labels === labels);
      if (rs.length === 0) continue;
      const best = [...rs].sort((a, b) => b.mean - a.mean)[0]!;
      const cell = (s: MeasuredStrategy) => {
        const r = rs.find((x) => x.strategy === s);
        return r ? `${r.mean.toFixed(4)} ± ${r.std.toFixed(4)}` : '';
      };
      const advice = adviseTransfer({ examples: sizes[i]!, similarity });
      lines.push(`| ${labels === 'all' ? `all (${sizes[i]})` : labels} | ${similarity} | ${strategies.map(cell).join(' | ')} | ${advice.strategy}${advice.alternative ? ` (or ${advice.alternative.strategy})` : ''} | ${best.strategy} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
