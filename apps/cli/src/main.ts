import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { currentBackend, deserializeCheckpoint, tf, useBackend } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import { writeFileAtomic } from '@dl/core/node';
import { FASHION_MNIST_STATS, MNIST_STATS } from '@dl/datasets';
import { loadFashionMnist, loadMnist } from '@dl/datasets/node';
import type { ImageDataset } from '@dl/datasets/node';
import { softmaxCrossEntropy } from '@dl/layers';
import { Optimizer } from '@dl/optim';
import { checkpoint, decodeTrainingState, earlyStopping, evaluate, fit, learningCurves, progress, reduceLrOnPlateau, split, stopOnNaN } from '@dl/train/node';
import {
  backboneFinetuning, copyWeights, fineTune, freeze, gradualUnfreezing, layerDecayGroups, lrSliceGroups, parameterBlocks, trainableParameters,
} from '@dl/transfer';
import type { ParamGroup } from '@dl/optim';
import type { Sequential } from '@dl/layers';
import type { Callback, Dataset, EvaluateResult, FitResult } from '@dl/train/node';
import { parseTrainArgs, USAGE } from './args.js';
import type { TrainArgs } from './args.js';
import { buildModel, countParameters } from './models.js';
import { curvesChart } from './plot/curves.js';
import { chartSvg } from './plot/svg.js';
import { buildAugment, buildTransform, describeCycle, describeOptimizer, fitOptionsFrom } from './recipe.js';
import { summaryTable, variantsTable } from './summary.js';
import { checkRunLength, describeVariants, ensembleVariants, hasVariants, runVariants } from './variants.js';
import type { Variant } from './variants.js';
import { transferCurve } from './transfer-curve.js';
import { searchCommand } from './search.js';
import { workerCommand } from './worker.js';
import { ensembleCommand } from './variants.js';
import { pretrain } from './pretrain.js';
import { transferAdvice } from './transfer-advice.js';
import { loadPretrainedWeights } from '@dl/zoo';

const fmt = (x: number, digits = 4) => x.toFixed(digits);

async function load(args: TrainArgs, which: 'train' | 'test'): Promise<ImageDataset> {
  const limit = which === 'train' ? args.limit : args.testLimit;
  // Keras's mnist_transfer_cnn feeds pixels / 255; the other presets standardise
  const normalize = args.model !== 'mnist-transfer';
  const classes = args.classes ? { classes: args.classes } : {};
  if (args.dataset === 'mnist') return loadMnist({ split: which, normalize, ...classes, ...(limit ? { limit } : {}) });
  return loadFashionMnist({ split: which, normalize, ...classes, ...(limit ? { limit } : {}), ...(args.dataDir ? { dir: args.dataDir } : {}) });
}

/** Labels of `--classes` as 0..k-1 in the order given (Keras's `y_train - 5`). */
function remap(labels: tf.Tensor, classes: number[] | undefined): tf.Tensor {
  if (!classes) return labels;
  const table = Array.from({ length: 10 }, (_, c) => classes.indexOf(c));
  return tf.tidy(() => tf.gather(tf.tensor1d(table, 'int32'), tf.cast(labels, 'int32')));
}

/** Weights of a dl-train checkpoint (model/ names) or a plain DLCKPT file. */
function pretrainedWeights(bytes: Uint8Array, path: string): { weights: NamedTensors; free: tf.Tensor[] } {
  try {
    const state = decodeTrainingState(bytes, `--pretrained ${path}`);
    return { weights: state.weights, free: [...Object.values(state.weights), ...Object.values(state.optimizer.tensors)] };
  } catch {
    const ckpt = deserializeCheckpoint(bytes, { source: path });
    return { weights: ckpt.tensors, free: Object.values(ckpt.tensors) };
  }
}

/** A @dl/zoo model's weights, verified against its manifest entry. */
async function zooWeights(name: string): Promise<{ weights: NamedTensors; free: tf.Tensor[] }> {
  const weights = await loadPretrainedWeights(name);
  return { weights, free: Object.values(weights) };
}

/** Copies the matching weights into the model; a classifier of another width keeps its initialisation. */
function loadPretrained(model: Sequential, weights: NamedTensors, path: string): string {
  const live = { ...model.parameters(), ...model.buffers() };
  const same = Object.keys(live).filter((k) => weights[k] !== undefined && tf.util.arraysEqual(weights[k]!.shape, live[k]!.shape));
  const other = Object.keys(live).filter((k) => !same.includes(k));
  if (same.length === 0) throw new RangeError(`--pretrained ${path}: no weight of the checkpoint matches this model by name and shape`);
  copyWeights(weights, model, { include: same });
  return `pretrained ${path}: ${same.length} tensors copied${other.length ? `, re-initialised ${other.join(', ')} (not in the checkpoint or another shape)` : ''}`;
}

/** Conv gradients exist on every backend but wasm until @dl/kernels is registered. */
function checkKernels(args: TrainArgs, backend: string): void {
  if (args.model !== 'cnn' && args.model !== 'mnist-transfer') return;
  if (!tf.getKernel('Conv2DBackpropFilter', backend)) {
    throw new Error(
      `the ${args.model} model needs the Conv2DBackpropFilter kernel, which backend '${backend}' does not have yet (@dl/kernels adds it); ` +
        `use --backend cpu (slow), or --model mlp`,
    );
  }
}

/** What every run of one command shares: the data (owned by main) and what follows from it. */
interface RunData {
  backend: string;
  train: ImageDataset;
  test: ImageDataset;
  data: Dataset;
  validation: Dataset | undefined;
  n: number;
  updatesPerEpoch: number;
  classes: number;
  /** Black in the model's input pixels: the training crop's fill, and TTA's. */
  fill: number;
}

/** dl-train's whole run; resolves to the process exit code. */
export async function main(argv: string[], out: NodeJS.WriteStream = process.stdout): Promise<number> {
  if (argv[0] === 'transfer-curve') return transferCurve(argv.slice(1), out);
  if (argv[0] === 'search') return searchCommand(argv.slice(1), out);
  if (argv[0] === 'worker') return workerCommand(argv.slice(1), out);
  if (argv[0] === 'ensemble') return ensembleCommand(argv.slice(1), out);
  if (argv[0] === 'pretrain') return pretrain(argv.slice(1), out);
  if (argv[0] === 'transfer-advice') return transferAdvice(argv.slice(1), out);
  // `dl-train --ensemble-seeds K --redis URL`: the members go through the queue, as `dl-train ensemble` runs them.
  if (argv.includes('--ensemble-seeds') && argv.some((a) => a === '--redis' || a.startsWith('--redis='))) return ensembleCommand(argv, out);
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
  const owned: tf.Tensor[] = [];
  // Every model trained, freed here: an ensemble's members are scored together after the last one's run.
  const models: Sequential[] = [];
  try {
    if (args.validation === 0 && args.earlyStopping !== undefined && args.monitor.startsWith('val')) {
      throw new RangeError(`--monitor ${args.monitor} needs a validation set (--validation > 0), or monitor loss/accuracy`);
    }
    const backend = await useBackend(args.backend);
    checkKernels(args, backend);
    const train = await load(args, 'train');
    owned.push(train.images, train.labels);
    const test = await load(args, 'test');
    owned.push(test.images, test.labels);
    if (args.classes) {
      train.labels = remap(train.labels, args.classes) as tf.Tensor1D;
      test.labels = remap(test.labels, args.classes) as tf.Tensor1D;
      owned.push(train.labels, test.labels);
    }
    let data: Dataset = { x: train.images, y: train.labels };
    let validation: Dataset | undefined;
    if (args.validation > 0) {
      const parts = await split(data, { validation: args.validation, stratify: true, seed: args.seed });
      data = parts.train;
      validation = parts.validation;
      owned.push(data.x, data.y, ...(validation ? [validation.x, validation.y] : []));
    }
    const n = data.x.shape[0]!;
    // The schedule follows the optimizer's updates: one per --accumulate-steps batches.
    const updatesPerEpoch = Math.ceil(Math.ceil(n / args.batchSize) / args.accumulateSteps);
    checkRunLength(args, args.epochs * updatesPerEpoch);
    const stats = args.dataset === 'mnist' ? MNIST_STATS : FASHION_MNIST_STATS;
    const env: RunData = {
      backend, train, test, data, validation, n, updatesPerEpoch,
      classes: args.classes?.length ?? train.classNames.length,
      fill: args.model === 'mnist-transfer' ? 0 : -stats.mean / stats.std,
    };
    if (args.ensembleSeeds !== undefined) return await trainEnsemble(args, argv, env, out, models);
    return (await trainRun(args, argv, env, out, models, { tta: true })).code;
  } catch (error) {
    process.stderr.write(`dl-train: ${(error as Error).message}\n`);
    return 1;
  } finally {
    for (const m of models) m.dispose();
    tf.dispose(owned);
  }
}

/**
 * One training run of `args` (its seed, its --out) on the shared data: the model (added to
 * `models`, which the caller frees), fit with the callbacks, the test evaluation, the variants of
 * its weights (EMA, SWA, snapshots, TTA unless `tta` is false), the summary and report.json.
 */
async function trainRun(
  args: TrainArgs, argv: string[], env: RunData, out: NodeJS.WriteStream, models: Sequential[], options: { tta: boolean },
): Promise<{ code: number; report: Record<string, unknown> & { test: EvaluateResult } }> {
  const { backend, train, test, data, validation, n, updatesPerEpoch, classes } = env;
  const model = buildModel(args.model, args.seed, classes);
  models.push(model);
  const transferNotes: string[] = [];
  if (args.pretrained) {
    const loaded = args.pretrained.startsWith('zoo:')
      ? await zooWeights(args.pretrained.slice(4))
      : pretrainedWeights(new Uint8Array(await readFile(args.pretrained)), args.pretrained);
    try {
      transferNotes.push(loadPretrained(model, loaded.weights, args.pretrained));
    } finally {
      tf.dispose(loaded.free);
    }
  }
  // the head is the last parameter block (@dl/transfer's default blocks: a batch norm joins its conv)
  const blocks = parameterBlocks(model);
  const allButHead = blocks.slice(0, -1).flat();
  if (args.freeze !== undefined) {
    const names = freeze(model, args.freeze, { bnPolicy: args.bnPolicy ?? 'frozen-affine' });
    transferNotes.push(`frozen ${names.length} tensors (${args.bnPolicy ?? 'frozen-affine'} batch norms)`);
  }
  if (args.gradualUnfreeze) freeze(model, allButHead, { bnPolicy: args.bnPolicy ?? (args.gradualUnfreeze === 'backbone' ? 'train' : 'frozen-affine') });
  const perEpoch = args.schedulePer === 'epoch';
  let groups: ParamGroup[] | undefined;
  if (args.layerDecay !== undefined) groups = layerDecayGroups(model, { layerDecay: args.layerDecay, weightDecay: args.weightDecay });
  if (args.lrSlice) groups = lrSliceGroups(model, args.lrSlice, { weightDecay: args.weightDecay });
  // the averages (EMA, SWA) live here until the run is scored
  const variants = runVariants(args, { bnData: data.x, validation, fill: env.fill });
  const optimizer = new Optimizer(buildTransform(args), trainableParameters(model), groups ? { groups } : {});
  let fineTuned: Optimizer | undefined;
  try {
    for (const note of transferNotes) out.write(`dl-train: ${note}\n`);
    const stats = args.dataset === 'mnist' ? MNIST_STATS : FASHION_MNIST_STATS;
    const { augment, mix } = buildAugment(args, stats);
    const checkpointDir = args.checkpointDir ?? join(args.out, 'checkpoints');
    await mkdir(args.out, { recursive: true });

    out.write(
      `dl-train: ${args.model} (${countParameters(model)} parameters) on ${args.dataset} (${n} train, ${validation?.x.shape[0] ?? 0} validation, ${test.labels.shape[0]} test images) ` +
        `on backend '${backend}': ${args.epochs} epochs, batch ${args.batchSize}${args.accumulateSteps > 1 ? ` x ${args.accumulateSteps} accumulated` : ''}, ` +
        `${args.fineTune ? `fine-tune (fastai: ${args.freezeEpochs ?? 1} frozen epochs, then ${args.epochs} with the backbone at lr / ${args.lrMult ?? 100}), ${args.optimizerGiven ? describeOptimizer(args) : `Adam betas 0.9/0.99 eps 1e-5, base lr ${args.lr}, weight decay ${args.weightDecay} (decoupled)`}, one-cycle per phase` : `${describeOptimizer(args)}, schedule ${args.snapshots !== undefined ? `snapshot cosine (${args.snapshots} cycles from lr ${args.lr})` : args.schedule}${perEpoch ? ' per epoch' : ''}${describeCycle(args)}`}${args.warmup ? ` after ${args.warmup} warm-up ${perEpoch ? 'epochs' : 'steps'}` : ''}` +
        `, augment ${args.augment.join('+') || 'none'}` +
        `${args.clipGradNorm !== undefined ? `, clip grad norm ${args.clipGradNorm}${args.gradNormType !== undefined ? ` (${args.gradNormType}-norm)` : ''}` : ''}` +
        `${args.clipGradValue !== undefined ? `, clip grad value ${args.clipGradValue}` : ''}${describeVariants(args)}\n`,
    );
    const curves = learningCurves({ jsonl: join(args.out, 'curves.jsonl'), csv: join(args.out, 'curves.csv') });
    const ckpt = checkpoint({ dir: checkpointDir, every: args.checkpointEvery, keepLast: args.keepLast, best: validation !== undefined, monitor: validation ? args.monitor : 'loss' });
    // the variants' callbacks first: their epoch figures (emaValAccuracy, ...) then reach the curves
    const callbacks: Callback[] = [...variants.callbacks, stopOnNaN(), progress({ stream: out, bar: args.progress && out.isTTY === true }), curves, ckpt];
    if (args.gradualUnfreeze === 'ulmfit') callbacks.push(gradualUnfreezing());
    if (args.gradualUnfreeze === 'backbone') callbacks.push(backboneFinetuning({ unfreezeAtEpoch: args.unfreezeAt ?? 10 }));
    const stopper = args.earlyStopping !== undefined ? earlyStopping({ monitor: args.monitor, patience: args.earlyStopping, restoreBest: true }) : undefined;
    if (stopper) callbacks.push(stopper);
    if (args.schedule === 'plateau') {
      callbacks.push(
        reduceLrOnPlateau({
          monitor: validation ? 'valLoss' : 'loss',
          factor: args.gamma ?? 0.1,
          patience: args.patience ?? 1,
          ...(args.threshold !== undefined ? { threshold: args.threshold } : {}),
          ...(args.cooldown !== undefined ? { cooldown: args.cooldown } : {}),
          ...(args.minLr !== undefined ? { minLr: args.minLr } : {}),
        }),
      );
    }
    const loss = args.labelSmoothing > 0 ? (o: tf.Tensor, y: tf.Tensor) => softmaxCrossEntropy(o, y, { labelSmoothing: args.labelSmoothing }) as tf.Scalar : undefined;
    const resume = args.resume ? new Uint8Array(await readFile(args.resume)) : undefined;

    let result: FitResult;
    if (args.fineTune) {
      optimizer.dispose(); // fineTune makes its own, over both phases
      const r = await fineTune({
        model,
        data,
        ...(validation ? { validation } : {}),
        epochs: args.epochs,
        batchSize: args.batchSize,
        baseLr: args.lr,
        weightDecay: args.weightDecay,
        ...(args.freezeEpochs !== undefined ? { freezeEpochs: args.freezeEpochs } : {}),
        ...(args.lrMult !== undefined ? { lrMult: args.lrMult } : {}),
        ...(args.bnPolicy !== undefined ? (args.bnPolicy === 'train' ? {} : { trainBn: false, bnPolicy: args.bnPolicy }) : {}),
        ...(args.optimizerGiven ? { transform: (o: { lr: number; weightDecay: number }) => buildTransform({ ...args, ...o }) } : {}),
        ...(augment ? { augment: augment as never } : {}),
        ...(mix ? { mix: mix as never } : {}),
        ...(loss ? { loss } : {}),
        callbacks,
        rng: args.seed,
        logEvery: 20,
      });
      fineTuned = r.optimizer;
      result = { ...r.unfrozen, history: { ...r.unfrozen.history, epochs: [...(r.frozen?.history.epochs ?? []), ...r.unfrozen.history.epochs], lr: [...(r.frozen?.history.lr ?? []), ...r.unfrozen.history.lr] } };
    } else result = await fit({
      model,
      optimizer,
      data,
      ...(validation ? { validation } : {}),
      ...fitOptionsFrom(args, stats, updatesPerEpoch),
      callbacks,
      rng: args.seed,
      logEvery: 20,
      ...(resume ? { resume } : {}),
    });
    const testResult = await evaluate(model, test, { batchSize: 1000, topK: 3 });
    const scored = hasVariants(args) ? await variants.evaluate(model, { x: test.images, y: test.labels }, testResult, options) : undefined;
    const epochs = result.history.epochs;
    const speed = epochs.length ? epochs.reduce((s, e) => s + e.samplesPerSecond, 0) / epochs.length : 0;
    out.write(summaryTable(epochs));
    if (result.stopped) out.write(`${result.stopped.message}\n`);
    const svg = join(args.out, 'curves.svg');
    await writeFileAtomic(svg, chartSvg(curvesChart(epochs, { title: `dl-train ${args.model} on ${args.dataset} (${currentBackend()})` })));
    const report = {
      command: ['dl-train', ...argv].join(' '),
      args,
      backend: currentBackend(),
      model: args.model,
      parameters: countParameters(model),
      trainSize: n,
      validationSize: validation?.x.shape[0] ?? 0,
      testSize: test.labels.shape[0],
      epochs,
      lrPerStep: result.history.lr,
      test: testResult,
      ...(scored ? { variants: variantsReport(scored.variants) } : {}),
      samplesPerSecond: speed,
      seconds: result.seconds,
      stopped: result.stopped ?? null,
      checkpoints: Object.fromEntries(ckpt.locations),
      bestEpoch: stopper ? stopper.bestEpoch : ckpt.bestEpoch || null,
      node: process.version,
      date: new Date().toISOString(),
    };
    await writeFileAtomic(join(args.out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
    out.write(`test loss ${fmt(testResult.loss)}, top-3 accuracy ${fmt(testResult.topK!)}\n`);
    out.write(`test accuracy ${fmt(testResult.accuracy)} (${currentBackend()}, ${fmt(speed, 0)} samples/s, ${result.seconds.toFixed(1)} s)\n`);
    if (scored && scored.variants.length > 1) out.write(variantsTable(scored.variants));
    for (const note of scored?.notes ?? []) out.write(`dl-train: ${note}\n`);
    out.write(`wrote ${join(args.out, 'report.json')}, ${svg}, curves.csv, curves.jsonl; checkpoints in ${checkpointDir}\n`);
    return { code: result.stopped?.reason === 'nan' ? 1 : 0, report };
  } finally {
    variants.dispose();
    if (!args.fineTune) optimizer.dispose();
    fineTuned?.dispose();
  }
}

/** report.json's `variants`: name → test figures (loss null where undefined: vote, max). */
function variantsReport(variants: readonly Variant[]): Record<string, { description: string; accuracy: number; loss: number | null; topK?: number }> {
  return Object.fromEntries(variants.map((v) => [v.name, { description: v.description, accuracy: v.scores.accuracy, loss: Number.isNaN(v.scores.loss) ? null : v.scores.loss, ...(v.scores.topK !== undefined ? { topK: v.scores.topK } : {}) }]));
}

/**
 * --ensemble-seeds k: k runs of the same options with seeds seed .. seed + k - 1 (the data and its
 * validation split are the first seed's, shared), each a whole dl-train run in <out>/member-<i>
 * (checkpoints in <checkpoint-dir>/member-<i> when given); then the members and their ensemble
 * (and TTA of each) scored on the test set, and <out>/report.json for the ensemble.
 */
async function trainEnsemble(args: TrainArgs, argv: string[], env: RunData, out: NodeJS.WriteStream, models: Sequential[]): Promise<number> {
  const k = args.ensembleSeeds!;
  const members: Record<string, unknown>[] = [];
  const seeds: number[] = [];
  for (let i = 0; i < k; i++) {
    const dir = join(args.out, `member-${i}`);
    const member: TrainArgs = { ...args, seed: args.seed + i, out: dir, checkpointDir: args.checkpointDir !== undefined ? join(args.checkpointDir, `member-${i}`) : undefined };
    out.write(`dl-train: ensemble member ${i + 1}/${k}, seed ${member.seed}, files in ${dir}\n`);
    // TTA is scored below for every member in the same pass as the ensemble's
    const run = await trainRun(member, argv, env, out, models, { tta: false });
    if (run.code !== 0) {
      process.stderr.write(`dl-train: ensemble member ${i} (seed ${member.seed}) stopped on a non-finite loss; the ensemble is not scored\n`);
      return run.code;
    }
    seeds.push(member.seed);
    const r = run.report as Record<string, unknown>;
    members.push({ index: i, seed: member.seed, out: dir, test: run.report.test, seconds: r.seconds, stopped: r.stopped, bestEpoch: r.bestEpoch });
  }
  const variants = await ensembleVariants(models, seeds, { x: env.test.images, y: env.test.labels }, args, env.fill);
  const ensemble = variants.find((v) => v.name === 'ensemble')!.scores;
  const mean = members.reduce((s, m) => s + (m.test as EvaluateResult).accuracy, 0) / k;
  out.write(`dl-train: ensemble of ${k} members (seeds ${seeds.join(', ')}), mean of their probabilities\n`);
  out.write(variantsTable(variants));
  const report = {
    command: ['dl-train', ...argv].join(' '),
    args,
    backend: currentBackend(),
    model: args.model,
    parameters: models[0] ? countParameters(models[0]) : 0,
    trainSize: env.n,
    validationSize: env.validation?.x.shape[0] ?? 0,
    testSize: env.test.labels.shape[0],
    members,
    test: ensemble,
    variants: variantsReport(variants),
    node: process.version,
    date: new Date().toISOString(),
  };
  await writeFileAtomic(join(args.out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  out.write(`ensemble test loss ${fmt(ensemble.loss)}, top-3 accuracy ${fmt(ensemble.topK!)}\n`);
  out.write(`ensemble test accuracy ${fmt(ensemble.accuracy)} (members' mean ${fmt(mean)})\n`);
  out.write(`wrote ${join(args.out, 'report.json')}; each member's report, curves and checkpoints in ${join(args.out, 'member-<i>')}\n`);
  return 0;
}
