import { Rng, tf, toRng } from '@dl/core';
import type { Module } from '@dl/layers';
import { Optimizer, adamw } from '@dl/optim';
import type { GradientTransformation, ParamGroup } from '@dl/optim';
import { oneCycle } from '@dl/schedulers';
import { fit, split, toDataset } from '@dl/train';
import type { Callback, FitOptions, FitResult } from '@dl/train';
import { checkInt, checkNonNegative, checkObject, checkPositive, show } from './internal/check.js';
import { noDecay } from './internal/decay-split.js';
import { checkModule, walk } from './internal/modules.js';
import { asBn } from './internal/bn.js';
import { checkBnPolicy, freeze, selectedBatchNorms, unfreeze } from './freeze.js';
import type { BnPolicy } from './freeze.js';
import { evenMults } from './lr-slice-groups.js';
import { blocksOf } from './parameter-blocks.js';
import type { Blocks } from './parameter-blocks.js';

export interface FineTuneOptions extends Omit<FitOptions, 'model' | 'optimizer' | 'schedule' | 'epochs' | 'resume'> {
  model: Module;
  /** Epochs with everything unfrozen (fastai's `epochs`). */
  epochs: number;
  /** Default 2e-3 (fastai). */
  baseLr?: number;
  /** Epochs with only the head training first; default 1 (0 skips the phase). */
  freezeEpochs?: number;
  /** The backbone's rate in phase 2 is the head's / lrMult; default 100. */
  lrMult?: number;
  /** Phase 2's warm-up fraction; default 0.3 (phase 1 uses 0.99, as fastai). */
  pctStart?: number;
  /** Phase 2's `div` (start = max / div); default 5 (phase 1 uses fit_one_cycle's 25). */
  div?: number;
  /** The end rate is max / divFinal; default 1e5. */
  divFinal?: number;
  /** Momentum (Adam's beta1) cycle [start, middle, end]; default [0.95, 0.85, 0.95]. */
  moms?: readonly [number, number, number];
  /** Decoupled weight decay; default 0.01 (fastai's Adam). */
  weightDecay?: number;
  /** Frozen batch norms keep training (fastai's `train_bn`, default true) at the backbone's rate. */
  trainBn?: boolean;
  /** With `trainBn: false`: the policy of the frozen batch norms; default 'frozen-affine'. */
  bnPolicy?: BnPolicy;
  /** Weight decay on biases and batch-norm parameters too; default false (fastai's `wd_bn_bias`). */
  wdBnBias?: boolean;
  /** Parameter blocks (see `parameterBlocks`); the last is the head. Default: the last block of `'children'` is the head, the rest one backbone block. */
  blocks?: Blocks;
  /** The optimizer; default fastai's Adam: `adamw({lr, betas: [0.9, 0.99], eps: 1e-5, weightDecay})`. */
  transform?: (o: { lr: number; weightDecay: number }) => GradientTransformation<unknown>;
}

export interface FineTuneResult {
  /** The one optimizer of both phases (fastai keeps `learn.opt`): yours to dispose. */
  optimizer: Optimizer;
  /** Phase 1 (head only), absent when `freezeEpochs` is 0. */
  frozen?: FitResult;
  unfrozen: FitResult;
}

const OWN = ['model', 'epochs', 'baseLr', 'freezeEpochs', 'lrMult', 'pctStart', 'div', 'divFinal', 'moms', 'weightDecay', 'trainBn', 'bnPolicy', 'wdBnBias', 'blocks', 'transform'];

/**
 * fastai's `fine_tune`: freeze everything but the head and `fit_one_cycle(freezeEpochs,
 * slice(baseLr), pct_start=0.99)`; then halve `baseLr`, unfreeze, and `fit_one_cycle(epochs,
 * slice(baseLr / lrMult, baseLr), pctStart, div)`, with Adam's beta1 cycled by `moms`. Rates
 * per block are param groups with an `lrScale` (never scaled gradients). Frozen parameters get
 * no gradient, no weight decay and no optimizer state. On a throw, the model's trainable flags
 * and batch-norm policies are put back.
 */
export async function fineTune(options: FineTuneOptions): Promise<FineTuneResult> {
  const where = 'fineTune';
  checkObject(where, 'options', options);
  const { model } = options;
  checkModule(where, model);
  const epochs = checkInt(where, 'epochs', options.epochs, 1);
  const baseLr = checkPositive(where, 'baseLr', options.baseLr ?? 2e-3);
  const freezeEpochs = checkInt(where, 'freezeEpochs', options.freezeEpochs ?? 1, 0);
  const lrMult = checkPositive(where, 'lrMult', options.lrMult ?? 100);
  const pctStart = options.pctStart ?? 0.3;
  if (typeof pctStart !== 'number' || !(pctStart > 0 && pctStart < 1)) throw new RangeError(`${where}: pctStart must be in (0, 1), got ${show(pctStart)}`);
  const div = checkPositive(where, 'div', options.div ?? 5);
  const divFinal = checkPositive(where, 'divFinal', options.divFinal ?? 1e5);
  const moms = options.moms ?? [0.95, 0.85, 0.95];
  if (!Array.isArray(moms) || moms.length !== 3 || moms.some((m) => typeof m !== 'number' || !(m >= 0 && m < 1))) {
    throw new RangeError(`${where}: moms must be [start, middle, end] in [0, 1), got ${show(moms)}`);
  }
  if (moms[0] !== moms[2]) throw new RangeError(`${where}: moms must start and end on the same value (one-cycle), got ${show(moms)}`);
  const weightDecay = checkNonNegative(where, 'weightDecay', options.weightDecay ?? 0.01);
  const trainBn = options.trainBn ?? true;
  if (typeof trainBn !== 'boolean') throw new TypeError(`${where}: trainBn must be a boolean, got ${show(trainBn)}`);
  if (options.bnPolicy !== undefined && trainBn) throw new TypeError(`${where}: bnPolicy applies with trainBn: false (trainBn: true is bnPolicy 'train')`);
  const policy: BnPolicy = trainBn ? 'train' : checkBnPolicy(where, options.bnPolicy ?? 'frozen-affine');
  const wdBnBias = options.wdBnBias ?? false;
  if (typeof wdBnBias !== 'boolean') throw new TypeError(`${where}: wdBnBias must be a boolean, got ${show(wdBnBias)}`);
  if (options.transform !== undefined && typeof options.transform !== 'function') throw new TypeError(`${where}: transform must be a function ({lr, weightDecay}) => transformation, got ${show(options.transform)}`);
  const params = model.parameters();
  const blocks = blocksOf(model, Object.keys(params), options.blocks ?? 'children', where);
  if (blocks.length < 2) throw new RangeError(`${where}: the model has one parameter block; fine-tuning needs a backbone and a head`);
  const head = blocks[blocks.length - 1]!;
  const body = options.blocks === undefined ? [blocks.slice(0, -1).flat()] : blocks.slice(0, -1);
  const fitRest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) if (!OWN.includes(k)) fitRest[k] = v;
  for (const k of ['schedule', 'resume', 'optimizer']) if (k in fitRest) throw new TypeError(`${where}: '${k}' is set by fineTune (one-cycle per phase, one optimizer)`);

  // The flags as they were, put back on a throw.
  const flags = new Map(Object.entries(params).map(([n, v]) => [n, v.trainable]));
  const bnFlags = walk(model).flatMap(({ module }) => {
    const bn = asBn(module);
    return bn ? [[bn, bn.forceEval] as const] : [];
  });
  const rngs = toRng(options.rng, where).split(3) as Rng[];
  let owned: tf.Tensor[] = [];
  let optimizer: Optimizer | undefined;
  try {
    let data = options.data;
    let validation = options.validation;
    if (typeof validation === 'number') {
      // split once, so both phases hold out the same examples
      const labels = toDataset(options.data, where, 'data').y;
      const parts = await split(options.data, { validation, stratify: labels.rank === 1, seed: rngs[2]! });
      owned = [parts.train.x, parts.train.y, parts.validation!.x, parts.validation!.y];
      data = parts.train;
      validation = parts.validation;
    }
    const wdSplit = (names: string[], group: string, extra: Partial<ParamGroup>): ParamGroup[] => {
      const nd = wdBnBias ? [] : names.filter((n) => noDecay(n, params[n]!, true, new Set()));
      const d = names.filter((n) => !nd.includes(n));
      return [
        ...(d.length > 0 ? [{ name: group, params: d, ...extra }] : []),
        ...(nd.length > 0 ? [{ name: `${group}_no_decay`, params: nd, ...extra, weightDecay: 0 }] : []),
      ];
    };
    // Phase 1: the backbone frozen (its batch norms by the policy), the head and (trainBn) the backbone's batch norms train.
    const bodyNames = body.flat();
    if (freezeEpochs > 0) freeze(model, bodyNames, { bnPolicy: policy });
    unfreeze(model, head);
    // the head first: its rate is the run's (history.lr, Lightning's param_groups[0])
    const groups: ParamGroup[] = [...wdSplit(head, 'head', {})];
    body.forEach((block, i) => {
      const live = block.filter((n) => params[n]!.trainable);
      // fastai's slice(lr) in phase 1: every body group at lr / 10 (only its batch norms train)
      if (live.length > 0) groups.push(...wdSplit(live, `block_${i}_bn`, { lrScale: 1 / 10 }));
    });
    const trainableNow = Object.fromEntries(Object.entries(params).filter(([, v]) => v.trainable));
    const transform = options.transform ? options.transform({ lr: baseLr, weightDecay }) : adamw({ lr: baseLr, betas: [0.9, 0.99], eps: 1e-5, weightDecay });
    optimizer = new Optimizer(transform as GradientTransformation<any>, trainableNow, { groups });
    const opt = optimizer;
    const cycle = (maxLr: number, pct: number, d: number, epochsOfPhase: number): Callback => ({
      name: 'fineTuneSchedule',
      onTrainBegin(ctx) {
        ctx.setSchedule(
          oneCycle({ maxLr, totalSteps: epochsOfPhase * ctx.stepsPerEpoch, pctStart: pct, divFactor: d, finalDivFactor: divFinal / d, maxMomentum: moms[0], baseMomentum: moms[1] }),
        );
      },
    });
    const userCallbacks = (options.callbacks ?? []) as Callback[];
    const common = { ...fitRest, data, validation } as unknown as Omit<FitOptions, 'model' | 'optimizer' | 'epochs'>;
    let frozenResult: FitResult | undefined;
    if (freezeEpochs > 0) {
      frozenResult = await fit({ ...common, model, optimizer: opt, epochs: freezeEpochs, rng: rngs[0], callbacks: [cycle(baseLr, 0.99, 25, freezeEpochs), ...userCallbacks] });
      if (frozenResult.stopped?.reason === 'nan') return { optimizer: opt, frozen: frozenResult, unfrozen: frozenResult };
    }
    // Phase 2: everything trains; block i at even_mults(lr / lrMult, lr, n)[i] / lr of the head's rate.
    const lr2 = baseLr / 2;
    const scales = evenMults(lr2 / lrMult, lr2, body.length + 1).map((v) => v / lr2);
    unfreeze(model, bodyNames);
    for (const { bn } of selectedBatchNorms(model, bodyNames)) bn.forceEval = false;
    const inOptimizer = new Set(Object.keys(opt.variables));
    body.forEach((block, i) => {
      const fresh = block.filter((n) => !inOptimizer.has(n));
      for (const g of wdSplit(fresh, `block_${i}`, {})) {
        opt.addParamGroup({ ...g, params: Object.fromEntries((g.params as string[]).map((n) => [n, params[n]!])), lrScale: scales[i]! });
      }
      for (const name of [`block_${i}_bn`, `block_${i}_bn_no_decay`]) if (opt.groupNames.includes(name)) opt.setLrScale(scales[i]!, name);
    });
    const unfrozen = await fit({ ...common, model, optimizer: opt, epochs, rng: rngs[1], callbacks: [cycle(lr2, pctStart, div, epochs), ...userCallbacks] });
    return { optimizer: opt, ...(frozenResult ? { frozen: frozenResult } : {}), unfrozen };
  } catch (e) {
    for (const [n, t] of flags) params[n]!.trainable = t;
    for (const [bn, f] of bnFlags) bn.forceEval = f;
    optimizer?.dispose();
    throw e;
  } finally {
    tf.dispose(owned);
  }
}
