import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tf, useBackend } from '@dl/core';
import { writeFileAtomic } from '@dl/core/node';
import { FASHION_MNIST_STATS, MNIST_STATS } from '@dl/datasets';
import { loadFashionMnist, loadMnist } from '@dl/datasets/node';
import { TRANSFER_MODES, transferabilityCurve } from '@dl/transfer';
import type { TransferMode, TransferResult, TransferabilityCurve } from '@dl/transfer';
import { parseTrainArgs } from './args.js';
import { outGiven, runSubcommand, splitFlags } from './subcommand.js';
import type { TrainArgs } from './args.js';
import { buildModel } from './models.js';
import { chartSvg } from './plot/svg.js';
import { transferabilityChart } from './plot/transferability.js';
import { describeOptimizer, trainWithRecipe } from './recipe.js';

/** One task of the curve: a data set and the classes it keeps (relabelled 0..k-1 in this order). */
export interface TaskSpec {
  dataset: 'fashion-mnist' | 'mnist';
  classes: number[];
}

export interface TransferCurveArgs {
  a: TaskSpec;
  b: TaskSpec;
  seeds: number[];
  layers?: number[];
  modes: TransferMode[];
  /** How every network trains: dl-train's own flags (model, optimizer, schedule, epochs, augment, limit, backend, out). */
  train: TrainArgs;
}

export const TRANSFER_CURVE_USAGE = `Usage: dl-train transfer-curve [options] [training options]

Yosinski et al. 2014's transferability curves: trains a base network on task A and one on task B,
then for n = 1 .. L-1 copies their first n layers into a new network for B, frozen (AnB, BnB) or
fine-tuned (AnB+, BnB+), trains it on B and measures its test accuracy on B; several seeds give
mean and spread. Writes transfer-curve.json, transfer-curve.csv and transfer-curve.svg to --out.

  --a <dataset:classes>  task A (default fashion-mnist:0-4); dataset fashion-mnist or mnist,
                         classes as 0-4 or 0,2,4,6,8
  --b <dataset:classes>  task B (default fashion-mnist:5-9), as many classes as A
  --seeds <a,b,..>       one base pair and one row per (n, mode) per seed (default 0)
  --layers <a,b,..>      the n to measure (default every one, 1 .. L-1)
  --modes <a,b,..>       of ${TRANSFER_MODES.join(', ')} (default all)
  --bn-policy <p>        batch norms in the frozen layers: eval (default), frozen-affine, train

Every network trains as dl-train trains (--model cnn or mlp, --epochs, --optimizer, --lr,
--schedule, --augment, --batch-size, ...; see dl-train --help) on all of --limit images per task,
with no validation split; --test-limit limits B's test images; --backend and --out as dl-train.
`;

const OWN_FLAGS = ['a', 'b', 'seeds', 'layers', 'modes', 'bn-policy'];
// dl-train flags that choose the data, the start or the variants of one network: the curve sets those itself.
const NOT_HERE = [
  'dataset', 'classes', 'seed', 'validation', 'early-stopping', 'monitor', 'pretrained', 'freeze', 'fine-tune', 'freeze-epochs', 'lr-mult',
  'layer-decay', 'lr-slice', 'gradual-unfreeze', 'unfreeze-at', 'resume', 'checkpoint-dir', 'checkpoint-every', 'keep-last',
  'ema', 'swa-start', 'snapshots', 'ensemble-seeds', 'tta',
];

function list(flag: string, raw: string, min: number, max = Number.MAX_SAFE_INTEGER): number[] {
  const out = raw.split(',').map((s) => Number(s.trim()));
  if (out.length === 0 || out.some((v) => !Number.isSafeInteger(v) || v < min || v > max)) {
    throw new RangeError(`dl-train transfer-curve: --${flag} must be a comma-separated list of integers >= ${min}, got '${raw}'`);
  }
  return out;
}

function task(flag: string, raw: string): TaskSpec {
  const m = /^(fashion-mnist|mnist):(.+)$/.exec(raw);
  if (!m) throw new RangeError(`dl-train transfer-curve: --${flag} must be dataset:classes (fashion-mnist:0-4, mnist:5-9, mnist:0,2,4), got '${raw}'`);
  const spec = m[2]!;
  const range = /^(\d)-(\d)$/.exec(spec);
  const classes = range ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i) : list(flag, spec, 0, 9);
  if (classes.length < 2 || classes.some((c) => c > 9) || new Set(classes).size !== classes.length) {
    throw new RangeError(`dl-train transfer-curve: --${flag} needs two or more distinct classes in 0-9, got '${spec}'`);
  }
  return { dataset: m[1] as TaskSpec['dataset'], classes };
}

/** Parses `dl-train transfer-curve`'s own flags, then hands the rest to dl-train's parser. */
export function parseTransferCurveArgs(argv: string[]): TransferCurveArgs & { help: boolean } {
  const { own, rest } = splitFlags('transfer-curve', argv, OWN_FLAGS, NOT_HERE, "the curve chooses each network's data, seed and start");
  const train = parseTrainArgs(['--validation', '0', ...rest]);
  if (train.model !== 'cnn' && train.model !== 'mlp') throw new RangeError(`dl-train transfer-curve: --model must be cnn or mlp, got '${train.model}'`);
  const a = task('a', own.a ?? 'fashion-mnist:0-4');
  const b = task('b', own.b ?? 'fashion-mnist:5-9');
  if (a.classes.length !== b.classes.length) {
    throw new RangeError(`dl-train transfer-curve: --a has ${a.classes.length} classes and --b ${b.classes.length}; both tasks need as many (one architecture)`);
  }
  const modes = (own.modes ?? TRANSFER_MODES.join(',')).split(',').map((s) => s.trim());
  const bad = modes.find((m) => !TRANSFER_MODES.includes(m as TransferMode));
  if (bad !== undefined) throw new RangeError(`dl-train transfer-curve: --modes takes ${TRANSFER_MODES.join(', ')}, got '${bad}'`);
  const bnPolicy = own['bn-policy'] ?? 'eval';
  if (!['eval', 'frozen-affine', 'train'].includes(bnPolicy)) throw new RangeError(`dl-train transfer-curve: --bn-policy must be eval, frozen-affine or train, got '${bnPolicy}'`);
  return {
    a,
    b,
    seeds: own.seeds !== undefined ? list('seeds', own.seeds, 0) : [0],
    ...(own.layers !== undefined ? { layers: list('layers', own.layers, 1) } : {}),
    modes: modes as TransferMode[],
    train: { ...train, bnPolicy: bnPolicy as TrainArgs['bnPolicy'], out: outGiven(rest) ? train.out : 'reports/transfer-curve' },
    help: train.help,
  };
}

export async function loadTask(spec: TaskSpec, split: 'train' | 'test', limit: number | undefined, dataDir: string | undefined): Promise<{ x: tf.Tensor; y: tf.Tensor }> {
  const options = { split, normalize: true, classes: spec.classes, ...(limit ? { limit } : {}) };
  const d = spec.dataset === 'mnist' ? await loadMnist(options) : await loadFashionMnist({ ...options, ...(dataDir ? { dir: dataDir } : {}) });
  const table = Array.from({ length: 10 }, (_, c) => spec.classes.indexOf(c));
  const y = tf.tidy(() => tf.gather(tf.tensor1d(table, 'int32'), tf.cast(d.labels, 'int32')));
  d.labels.dispose();
  return { x: d.images, y };
}

const label = (t: TaskSpec) => `${t.dataset} ${t.classes.join(',')}`;
const pm = (mean: number, std: number) => `${mean.toFixed(4)} ± ${std.toFixed(4)}`;

/** The summary as a table: a row per n, a column per mode, mean ± std over seeds. */
export function curveTable(curve: TransferabilityCurve, modes: readonly TransferMode[]): string {
  const ns = [...new Set(curve.summary.filter((r) => r.kind !== 'baseB').map((r) => r.n))].sort((x, y) => x - y);
  const cell = (kind: string, n: number) => {
    const r = curve.summary.find((s) => s.kind === kind && s.n === n);
    return r ? pm(r.mean, r.std) : '';
  };
  const lines = [`| n | ${modes.join(' | ')} |`, `|---|${modes.map(() => '---').join('|')}|`, ...ns.map((n) => `| ${n} | ${modes.map((m) => cell(m, n)).join(' | ')} |`)];
  const base = curve.summary.find((s) => s.kind === 'baseB');
  if (base) lines.push(`base B (trained on B from scratch): ${pm(base.mean, base.std)}`);
  return `${lines.join('\n')}\n`;
}

const csv = (results: readonly TransferResult[]) =>
  `kind,n,seed,accuracy\n${results.filter((r) => r.kind !== 'baseA').map((r) => `${r.kind},${r.n},${r.seed},${r.accuracy}`).join('\n')}\n`;

/** `dl-train transfer-curve`; resolves to the exit code. */
export async function transferCurve(argv: string[], out: NodeJS.WriteStream = process.stdout): Promise<number> {
  return runSubcommand('transfer-curve', TRANSFER_CURVE_USAGE, parseTransferCurveArgs, argv, out, async (args, owned) => {
    const t = args.train;
    const backend = await useBackend(t.backend);
    const a = await loadTask(args.a, 'train', t.limit, t.dataDir);
    owned.push(a.x, a.y);
    const b = await loadTask(args.b, 'train', t.limit, t.dataDir);
    owned.push(b.x, b.y);
    const testB = await loadTask(args.b, 'test', t.testLimit, t.dataDir);
    owned.push(testB.x, testB.y);
    const k = args.a.classes.length;
    const runs = args.seeds.length * (2 + (args.layers?.length ?? 3) * args.modes.length);
    out.write(
      `dl-train transfer-curve: A = ${label(args.a)} (${a.x.shape[0]} images), B = ${label(args.b)} (${b.x.shape[0]} images, ${testB.x.shape[0]} test) on '${backend}'; ` +
        `${t.model}, ${t.epochs} epochs, batch ${t.batchSize}, ${describeOptimizer(t)}, schedule ${t.schedule}, augment ${t.augment.join('+') || 'none'}; ` +
        `seeds ${args.seeds.join(',')}, modes ${args.modes.join(',')}, frozen batch norms '${t.bnPolicy}'; about ${runs} networks\n`,
    );
    const stats = (spec: TaskSpec) => (spec.dataset === 'mnist' ? MNIST_STATS : FASHION_MNIST_STATS);
    const t0 = performance.now();
    const curve = await transferabilityCurve({
      build: (run) => buildModel(t.model, 1000 * run.seed + (run.kind === 'baseA' ? 1 : run.kind === 'baseB' ? 2 : 3), k),
      train: (model, data, run) => trainWithRecipe(model, data as { x: tf.Tensor }, run.seed, t, stats(run.kind === 'baseA' ? args.a : args.b)),
      a,
      b,
      testB,
      seeds: args.seeds,
      ...(args.layers ? { layers: args.layers } : {}),
      modes: args.modes,
      bnPolicy: t.bnPolicy ?? 'eval',
      onResult: (r) => {
        if (r.kind === 'baseA') return void out.write(`  seed ${r.seed}: base A trained\n`);
        out.write(`  seed ${r.seed}: ${r.kind === 'baseB' ? 'base B' : `${r.kind} n=${r.n}`} test accuracy ${r.accuracy.toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
      },
    });
    out.write(curveTable(curve, args.modes));
    await mkdir(t.out, { recursive: true });
    const report = { a: args.a, b: args.b, model: t.model, epochs: t.epochs, limit: t.limit ?? null, seeds: args.seeds, bnPolicy: t.bnPolicy, backend, layerCount: curve.layerCount, summary: curve.summary, results: curve.results, argv };
    await writeFileAtomic(join(t.out, 'transfer-curve.json'), `${JSON.stringify(report, null, 2)}\n`);
    await writeFileAtomic(join(t.out, 'transfer-curve.csv'), csv(curve.results));
    await writeFileAtomic(join(t.out, 'transfer-curve.svg'), chartSvg(transferabilityChart(curve, { title: `${label(args.a)} → ${label(args.b)}: test accuracy on B` })));
    out.write(`wrote ${join(t.out, 'transfer-curve.json')}, transfer-curve.csv, transfer-curve.svg\n`);
    return 0;
  });
}
