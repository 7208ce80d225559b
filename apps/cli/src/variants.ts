import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import { ema, ensemblePredict, evaluateEnsemble, snapshotEnsemble, swa, tta, updateBn } from '@dl/ensemble';
import type { EmaCallback, SnapshotEnsembleCallback, SwaCallback, TtaOptions } from '@dl/ensemble';
import type { Sequential } from '@dl/layers';
import { evaluate } from '@dl/train/node';
import type { Callback, Dataset } from '@dl/train/node';
import { parseTrainArgs } from './args.js';
import type { TrainArgs } from './args.js';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { deserializeCheckpoint } from '@dl/core';
import { writeFileAtomic } from '@dl/core/node';
import { FASHION_MNIST_STATS, MNIST_STATS } from '@dl/datasets';
import { loadFashionMnist, loadMnist } from '@dl/datasets/node';
import { queueExecutor } from '@dl/queue/node';
import { search } from '@dl/train/node';
import { buildModel } from './models.js';
import { DL_TRAIN_TRIAL, disposeTrialData, dlTrainTrial } from './search.js';
import { variantsTable } from './summary.js';

/**
 * dl-train's ensemble and weight-averaging variants (@dl/ensemble): EMA, SWA, snapshot ensembles,
 * independent ensembles over seeds and test-time augmentation, each scored on the test set beside
 * the final weights.
 */

/** Test-set figures of one variant; `loss` is NaN where the prediction is not a distribution (vote, max). */
export interface Scores {
  loss: number;
  accuracy: number;
  topK?: number;
}

export interface Variant {
  /** The key in report.json's `variants`. */
  name: string;
  /** What it is, for the printed table. */
  description: string;
  scores: Scores;
}

/** Batch size of the test-set passes, as main's own evaluation. */
const TEST_BATCH = 1000;
const TOP_K = 3;

/** Whether any variant flag is on (then the run prints a variants table and report.json has `variants`). */
export function hasVariants(args: TrainArgs): boolean {
  return args.ema !== undefined || args.swaStart !== undefined || args.snapshots !== undefined || args.ensembleSeeds !== undefined || args.tta !== undefined;
}

/** The variants in words for the run's first line (empty without any). */
export function describeVariants(args: TrainArgs): string {
  const parts: string[] = [];
  if (args.ema !== undefined) parts.push(`EMA decay ${args.ema}${args.emaEvery! > 1 ? ` every ${args.emaEvery} steps` : ''}${args.emaWarmup !== 'none' ? ` (${args.emaWarmup} warm-up)` : ''}`);
  if (args.swaStart !== undefined) {
    parts.push(`SWA from epoch ${args.swaStart} at lr ${args.swaLr} (${args.swaAnneal} annealing over ${plural(args.swaAnnealEpochs!, 'epoch')}${args.swaEvery! > 1 ? `, every ${args.swaEvery} epochs` : ''})`);
  }
  if (args.tta !== undefined) parts.push(`TTA ${describeTta(args)}`);
  return parts.map((p) => `, ${p}`).join('');
}

const plural = (k: number, word: string): string => `${k} ${word}${k === 1 ? '' : 's'}`;

function describeTta(args: TrainArgs): string {
  return `${args.tta}${args.ttaPadding !== undefined ? ` (pad ${args.ttaPadding})` : ''}${args.ttaMerge !== 'mean' ? `, ${args.ttaMerge}` : ''}${args.ttaBeta !== undefined ? `, beta ${args.ttaBeta}` : ''}`;
}

/** A snapshot ensemble needs a cycle per optimizer step at least; checked once the run's length is known, before any model is made. */
export function checkRunLength(args: TrainArgs, optimizerSteps: number): void {
  if (args.snapshots !== undefined && args.snapshots > optimizerSteps) {
    throw new RangeError(`--snapshots ${args.snapshots} is more than the run's ${optimizerSteps} optimizer steps (one cycle needs one step at least)`);
  }
}

const scoresOf = (r: Scores): Scores => ({ loss: r.loss, accuracy: r.accuracy, ...(r.topK !== undefined ? { topK: r.topK } : {}) });

/**
 * Runs `fn` with `weights` loaded into `model` (names it lacks keep their values) and puts the
 * model's own state back afterwards, also when `fn` throws: the averaged weights are scored in
 * the trained network itself, which keeps its final weights for the report and TTA.
 */
async function withWeights<T>(model: Sequential, weights: NamedTensors, fn: () => Promise<T>): Promise<T> {
  const saved = model.stateDict();
  try {
    model.loadStateDict({ ...saved, ...weights });
    return await fn();
  } finally {
    model.loadStateDict(saved);
    tf.dispose(saved);
  }
}

/** The variants that train with the run: their callbacks for `fit`, and their scoring afterwards. */
export interface RunVariants {
  /** Callbacks to pass to `fit` before the curves and checkpoint callbacks (whose logs and checkpoints then hold the averages). */
  readonly callbacks: Callback[];
  /**
   * Scores the final weights' variants on the test set: EMA, SWA, the snapshot ensemble and its
   * last snapshot, TTA (unless `tta` is false); `notes` says which could not be scored and why.
   */
  evaluate(model: Sequential, test: Dataset, final: Scores, options: { tta: boolean }): Promise<{ variants: Variant[]; notes: string[] }>;
  /** Frees the averages' variables (snapshots are CPU arrays). */
  dispose(): void;
}

/**
 * The variant callbacks of one run. The callbacks keep the model's raw weights (`loadAtEnd:
 * false`) so that the final weights are scored as without them; their averages are swapped in
 * for scoring only. `bnData` (the training images) recomputes the batch-norm statistics of the
 * SWA average; `validation`, when the run has one, scores the averages each epoch beside the raw
 * weights (`emaValAccuracy`, `swaValAccuracy` in the curves).
 */
export function runVariants(args: TrainArgs, env: { bnData: tf.Tensor; validation: Dataset | undefined; fill: number }): RunVariants {
  const validation = env.validation ? { validation: env.validation } : {};
  const averaged: EmaCallback | undefined =
    args.ema !== undefined ? ema({ decay: args.ema, every: args.emaEvery!, warmup: args.emaWarmup!, loadAtEnd: false, ...validation }) : undefined;
  const swaCb: SwaCallback | undefined =
    args.swaStart !== undefined
      ? swa({
          start: args.swaStart, lr: args.swaLr!, annealEpochs: args.swaAnnealEpochs!, annealStrategy: args.swaAnneal!, every: args.swaEvery!,
          bnData: env.bnData, loadAtEnd: false, ...validation,
        })
      : undefined;
  const snaps: SnapshotEnsembleCallback | undefined = args.snapshots !== undefined ? snapshotEnsemble({ cycles: args.snapshots, lr: args.lr }) : undefined;
  const callbacks = [averaged, swaCb, snaps].filter((c): c is NonNullable<typeof c> => c !== undefined);

  return {
    callbacks,
    async evaluate(model, test, final, options) {
      const variants: Variant[] = [{ name: 'final', description: 'final weights', scores: final }];
      const notes: string[] = [];
      const score = () => evaluate(model, test, { batchSize: TEST_BATCH, topK: TOP_K }).then(scoresOf);
      if (averaged) {
        if (averaged.updates === 0) notes.push('ema: no average (no optimizer step ran)');
        else {
          const w = averaged.averagedWeights();
          try {
            variants.push({ name: 'ema', description: `EMA, decay ${args.ema}`, scores: await withWeights(model, w, score) });
          } finally {
            tf.dispose(w);
          }
        }
      }
      if (swaCb) {
        if (swaCb.nAveraged === 0) notes.push(`swa: no average (the run stopped before epoch ${args.swaStart})`);
        else {
          const w = swaCb.averagedWeights();
          // PyTorch's recipe: the averaged parameters need batch-norm statistics of their own (update_bn)
          const bn = Object.keys(model.buffers()).length > 0;
          try {
            const scores = await withWeights(model, w, () => {
              if (bn) updateBn(env.bnData, model, { batchSize: 256 });
              return score();
            });
            variants.push({ name: 'swa', description: `SWA, ${plural(swaCb.nAveraged, 'epoch')} averaged from epoch ${args.swaStart}`, scores });
          } finally {
            tf.dispose(w);
          }
        }
      }
      if (snaps) {
        const m = snaps.snapshots.length;
        if (m === 0) notes.push('snapshots: none taken (the run stopped before the first cycle ended)');
        else {
          if (m < args.snapshots!) notes.push(`snapshots: ${m} of ${args.snapshots} taken (the run stopped early)`);
          const r = await evaluateEnsemble(snaps.members(), { x: test.x, y: test.y }, { model, topK: TOP_K, batchSize: TEST_BATCH });
          variants.push({ name: 'snapshot-ensemble', description: `snapshot ensemble, mean of ${m}`, scores: scoresOf(r.ensemble) });
          variants.push({ name: 'last-snapshot', description: 'last snapshot alone', scores: scoresOf(r.members.at(-1)!) });
        }
      }
      if (args.tta !== undefined && options.tta) {
        const r = await ttaScores([model], test, args, env.fill);
        variants.push({ name: 'tta', description: `TTA ${describeTta(args)}`, scores: r.mean });
      }
      return { variants, notes };
    },
    dispose() {
      averaged?.dispose();
      swaCb?.dispose();
    },
  };
}

/**
 * The independent ensemble's variants (`--ensemble-seeds`): each member and the mean of their
 * probabilities; with `--tta`, each member's TTA prediction and the mean of those.
 */
export async function ensembleVariants(models: readonly Sequential[], seeds: readonly number[], test: Dataset, args: TrainArgs, fill: number): Promise<Variant[]> {
  const r = await evaluateEnsemble(models, { x: test.x, y: test.y }, { topK: TOP_K, batchSize: TEST_BATCH });
  const out: Variant[] = r.members.map((s, i) => ({ name: `member-${i}`, description: `member ${i} (seed ${seeds[i]})`, scores: scoresOf(s) }));
  out.push({ name: 'ensemble', description: `ensemble of ${models.length}, mean of probabilities`, scores: scoresOf(r.ensemble) });
  if (args.tta !== undefined) {
    const t = await ttaScores(models, test, args, fill);
    t.members.forEach((s, i) => out.push({ name: `member-${i}+tta`, description: `member ${i} + TTA ${describeTta(args)}`, scores: s }));
    out.push({ name: 'ensemble+tta', description: `ensemble of ${models.length} + TTA, mean of the members'`, scores: t.mean });
  }
  return out;
}

/** Images scored per TTA pass: ten crops of a chunk are ten times its size, so the test set goes in chunks. */
const TTA_CHUNK = 1000;

/**
 * TTA predictions of each model over the test set, each scored, and the mean of the models'
 * predictions scored (the ensemble; with one model, that model). The crops are taken from images
 * padded here with the training crop's fill (black in standardised pixels) rather than by `tta`'s
 * `padding`, which pads with zeros: the mean grey after standardisation. One readback at the end.
 */
async function ttaScores(models: readonly Sequential[], test: Dataset, args: TrainArgs, fill: number): Promise<{ members: Scores[]; mean: Scores }> {
  const x = test.x as tf.Tensor4D;
  const [n, h, w] = x.shape;
  const p = args.ttaPadding ?? 0;
  const crops = args.tta !== 'flip';
  const beta = args.ttaBeta;
  // tta's beta blends with the prediction on its input, here the padded images: for crops the
  // blend with the plain images is done below, as tta does it (lerp in probabilities)
  const options: TtaOptions = {
    views: args.tta!,
    merge: args.ttaMerge!,
    ...(crops ? { size: [h, w] as const } : beta !== undefined ? { beta } : {}),
  };
  const predict = (m: Sequential, images: tf.Tensor4D, views: tf.Tensor4D): tf.Tensor => {
    const augmented = tta(m, views, options);
    if (!crops || beta === undefined) return augmented;
    const plain = ensemblePredict([m], images, { batchSize: 256 });
    return tf.add(augmented, tf.mul(tf.sub(plain, augmented), beta));
  };
  // vote and max shares are not distributions: no loss, as evaluateEnsemble
  const distribution = args.ttaMerge !== 'vote' && args.ttaMerge !== 'max';
  let sums = tf.zeros([models.length + 1, 3]);
  try {
    for (let a = 0; a < n; a += TTA_CHUNK) {
      const size = Math.min(TTA_CHUNK, n - a);
      const chunk = tf.tidy(() => {
        const images = tf.slice(x, a, size);
        const views = crops ? tf.pad(images, [[0, 0], [p, p], [p, p], [0, 0]], fill) : images;
        const probs = models.map((m) => predict(m, images, views));
        const mean = probs.length === 1 ? probs[0]! : tf.div(tf.addN(probs), probs.length);
        const labels = tf.slice(test.y, a, size);
        return tf.stack([...probs, mean].map((q) => scoreSums(q, labels, distribution)));
      });
      const next = tf.add(sums, chunk);
      tf.dispose([sums, chunk]);
      sums = next;
    }
    const v = await sums.data();
    const at = (r: number): Scores => ({ loss: v[3 * r]! / n, accuracy: v[3 * r + 1]! / n, topK: v[3 * r + 2]! / n });
    return { members: models.map((_, i) => at(i)), mean: at(models.length) };
  } finally {
    sums.dispose();
  }
}

/** [loss sum, hits, top-k hits] of predictions `q` [N, C] against class ids; the loss of `q` renormalised, NaN if not a distribution. */
function scoreSums(q: tf.Tensor, labels: tf.Tensor, distribution: boolean): tf.Tensor {
  return tf.tidy(() => {
    const ids = tf.cast(labels, 'int32');
    const c = q.shape[1]!;
    // the label's probability first, then its log: another class's 0 cannot make 0 * -inf
    const picked = tf.sum(tf.mul(tf.div(q, tf.sum(q, 1, true)), tf.cast(tf.oneHot(ids, c), 'float32')), 1);
    const loss = distribution ? tf.neg(tf.sum(tf.log(picked))) : tf.scalar(Number.NaN);
    const hits = tf.sum(tf.cast(tf.equal(tf.argMax(q, 1), ids), 'float32'));
    const top = tf.sum(tf.cast(tf.any(tf.equal(tf.topk(q, Math.min(TOP_K, c)).indices, tf.expandDims(ids, 1)), 1), 'float32'));
    return tf.stack([loss, hits, top]);
  });
}

export const ENSEMBLE_USAGE = `Usage: dl-train ensemble --ensemble-seeds <k> [--redis <url> [--queue <name>] [--study <name>] [--checkpoints <where>]] [training options]

--ensemble-seeds through search's executor: the k members (seeds --seed .. --seed + k - 1, the data
and validation split of the first seed, shared) are trials, run in this process or, with --redis,
by 'dl-train worker's on a BullMQ queue (a worker that dies has its member resumed by another);
their final weights come back, and the members, their ensemble (mean of probabilities) and TTA
(--tta) are scored on the test set here. Writes <out>/report.json (default reports/dl-train-ensemble).

  --redis, --queue, --study, --checkpoints   as dl-train search (see dl-train search --help)
`;

// Flags of a plain dl-train run that a member cannot take (it is one run, checkpointed by the study).
const NOT_MEMBER = ['resume', 'checkpoint-dir', 'checkpoint-every', 'keep-last', 'ema', 'swa-start', 'snapshots', 'early-stopping', 'pretrained', 'zoo'];

/** `dl-train ensemble`: resolves to the exit code. */
export async function ensembleCommand(argv: string[], out: NodeJS.WriteStream = process.stdout): Promise<number> {
  const own: Record<string, string> = {};
  const rest: string[] = [];
  let args: TrainArgs;
  try {
    for (let i = 0; i < argv.length; i++) {
      const token = argv[i]!;
      const m = /^--([a-z-]+)(?:=(.*))?$/.exec(token);
      if (m && ['redis', 'queue', 'study', 'checkpoints'].includes(m[1]!)) {
        const value = m[2] ?? argv[++i];
        if (value === undefined || value.startsWith('--')) throw new TypeError(`dl-train ensemble: --${m[1]} needs a value`);
        own[m[1]!] = value;
        continue;
      }
      if (m && NOT_MEMBER.includes(m[1]!)) throw new RangeError(`dl-train ensemble: --${m[1]} does not apply to a member (each member is one run)`);
      rest.push(token);
    }
    args = parseTrainArgs(rest);
    if (!args.help && args.ensembleSeeds === undefined) throw new TypeError('dl-train ensemble: --ensemble-seeds is needed (the number of members)');
    if (own.redis === undefined && (own.queue !== undefined || own.study !== undefined || own.checkpoints !== undefined)) {
      throw new RangeError('dl-train ensemble: --queue, --study and --checkpoints need --redis');
    }
    if (!args.help && args.validation === 0 && /^val/.test(args.monitor)) throw new RangeError(`dl-train ensemble: --monitor ${args.monitor} needs --validation > 0`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${ENSEMBLE_USAGE}`);
    return 2;
  }
  if (args.help) {
    out.write(ENSEMBLE_USAGE);
    return 0;
  }
  const outDir = rest.some((t) => t === '--out' || t.startsWith('--out=')) ? args.out : 'reports/dl-train-ensemble';
  const k = args.ensembleSeeds!;
  const seeds = Array.from({ length: k }, (_, i) => args.seed + i);
  const models: Sequential[] = [];
  const owned: tf.Tensor[] = [];
  try {
    const executor = own.redis === undefined ? undefined : queueExecutor({
      redis: own.redis,
      ...(own.queue ? { queue: own.queue } : {}),
      ...(own.checkpoints && own.checkpoints !== 'redis' ? { checkpoints: { dir: own.checkpoints } } : {}),
      pollMs: 500,
    });
    out.write(`dl-train ensemble: ${k} members (seeds ${seeds.join(', ')}) of ${args.model}, ${own.redis ? `on queue ${own.queue ?? 'dl-trials'} at ${own.redis}` : 'in this process'}\n`);
    // Members are a grid over the seed; the data split stays the first seed's (data-seed).
    const r = await search({
      space: { flags: [JSON.stringify(rest)], seed: seeds, 'data-seed': [args.seed], 'keep-weights': [true] },
      strategy: 'grid',
      trial: executor ? DL_TRAIN_TRIAL : dlTrainTrial(),
      mode: /acc/i.test(args.monitor) ? 'max' : 'min',
      seed: 0,
      ...(executor ? { executor } : {}),
      ...(own.study ? { study: own.study } : {}),
      onTrial: (t, done) => out.write(`dl-train ensemble: member ${t.index} (seed ${String(t.params.seed)}) ${t.diverged ? 'diverged' : `${args.monitor} ${t.score.toFixed(4)}`}, ${t.epochs} epochs on ${t.worker} [${done}/${k}]\n`),
    });
    const bad = r.trials.find((t) => t.diverged);
    if (bad) {
      process.stderr.write(`dl-train ensemble: member ${bad.index} (seed ${String(bad.params.seed)}) stopped on a non-finite loss; the ensemble is not scored\n`);
      return 1;
    }
    const test = await loadTest(args);
    owned.push(...test.owned);
    for (const t of r.trials) {
      const model = buildModel(args.model, t.params.seed as number, test.classes);
      models.push(model);
      const weights = deserializeCheckpoint(t.outcome.artifact as Uint8Array, { source: `member ${t.index}` }).tensors;
      try {
        model.loadStateDict(weights);
      } finally {
        tf.dispose(Object.values(weights));
      }
    }
    const stats = args.dataset === 'mnist' ? MNIST_STATS : FASHION_MNIST_STATS;
    const fill = args.model === 'mnist-transfer' ? 0 : -stats.mean / stats.std;
    const variants = await ensembleVariants(models, seeds, { x: test.x, y: test.y }, args, fill);
    out.write(variantsTable(variants));
    const report = {
      command: ['dl-train', 'ensemble', ...argv].join(' '),
      members: r.trials.map((t) => ({ index: t.index, seed: t.params.seed, [args.monitor]: t.score, epochs: t.epochs, worker: t.worker })),
      test: variants.find((v) => v.name === 'ensemble')!.scores,
      variants: Object.fromEntries(variants.map((v) => [v.name, { description: v.description, accuracy: v.scores.accuracy, loss: Number.isNaN(v.scores.loss) ? null : v.scores.loss }])),
      date: new Date().toISOString(),
    };
    await mkdir(outDir, { recursive: true });
    await writeFileAtomic(join(outDir, 'report.json'), new TextEncoder().encode(JSON.stringify(report, null, 2) + '\n'));
    out.write(`dl-train ensemble: wrote ${join(outDir, 'report.json')}\n`);
    return 0;
  } catch (error) {
    const message = (error as Error).message;
    process.stderr.write(`dl-train ensemble: ${/cannot reach Redis|redis must be/.test(message) ? '--redis: ' : ''}${message}\n`);
    return 1;
  } finally {
    for (const m of models) m.dispose();
    tf.dispose(owned);
    disposeTrialData();
  }
}

/** The test split as main loads it (standardised but for mnist-transfer, --classes relabelled 0..k-1). */
async function loadTest(args: TrainArgs): Promise<{ x: tf.Tensor; y: tf.Tensor; classes: number; owned: tf.Tensor[] }> {
  const normalize = args.model !== 'mnist-transfer';
  const classes = args.classes ? { classes: args.classes } : {};
  const limit = args.testLimit ? { limit: args.testLimit } : {};
  const test = args.dataset === 'mnist'
    ? await loadMnist({ split: 'test', normalize, ...classes, ...limit })
    : await loadFashionMnist({ split: 'test', normalize, ...classes, ...limit, ...(args.dataDir ? { dir: args.dataDir } : {}) });
  if (!args.classes) return { x: test.images, y: test.labels, classes: 10, owned: [test.images, test.labels] };
  const table = Array.from({ length: 10 }, (_, c) => args.classes!.indexOf(c));
  const y = tf.tidy(() => tf.gather(tf.tensor1d(table, 'int32'), tf.cast(test.labels, 'int32')));
  return { x: test.images, y, classes: args.classes.length, owned: [test.images, test.labels, y] };
}
