import type { Module } from '@dl/layers';
import { evaluate } from '@dl/train';
import type { DataLike } from '@dl/train';
import { checkBnPolicy, freeze } from './freeze.js';
import type { BnPolicy } from './freeze.js';
import { copyWeights } from './copy-weights.js';
import { checkKeys, checkObject, show } from './internal/check.js';
import { checkModule } from './internal/modules.js';
import { blocksOf } from './parameter-blocks.js';

/**
 * Yosinski et al. 2014's four transfer networks for task B with the first n layers copied:
 * from the base trained on A (`AnB`) or on B itself (`BnB`, the self-transfer control),
 * frozen, or fine-tuned with the rest (`AnB+`, `BnB+`).
 */
export type TransferMode = 'AnB' | 'BnB' | 'AnB+' | 'BnB+';

export const TRANSFER_MODES: readonly TransferMode[] = ['AnB', 'BnB', 'AnB+', 'BnB+'];

/** What `build` and `train` are called for. */
export interface TransferRun {
  /** `'baseA'`, `'baseB'` or a transfer mode. */
  kind: 'baseA' | 'baseB' | TransferMode;
  seed: number;
  /** Layers copied (0 for the bases). */
  n: number;
}

export interface TransferabilityCurveOptions {
  /**
   * A fresh network for `run` (the same architecture for tasks A and B: both have the same
   * number of classes, as 0-4 and 5-9 relabelled 0-4). Seed its initialisation from `run.seed`.
   */
  build: (run: TransferRun) => Module;
  /** Trains `model` on `data` (with `fit`, your optimizer and epochs): every network gets the same budget. */
  train: (model: Module, data: DataLike, run: TransferRun) => Promise<void>;
  /** Task A's training data (the base `A` learns it). */
  a: DataLike;
  /** Task B's training data (the base `B` and every transfer network learn it). */
  b: DataLike;
  /** Task B's test data: every row's accuracy is measured on it. */
  testB: DataLike;
  /** The n to measure, each in [1, L-1] with L the network's layers (parameter blocks); default every one. */
  layers?: readonly number[];
  /** Default all four. */
  modes?: readonly TransferMode[];
  /** One base pair and one row per (n, mode) for each seed; default [0]. */
  seeds?: readonly number[];
  /** Batch norms in the frozen layers of `AnB`/`BnB`; default `'eval'` (the copied statistics stay, as the frozen weights do). */
  bnPolicy?: BnPolicy;
  /** Test batch size; default 1000. */
  batchSize?: number;
  /** Called after each network is measured (progress). */
  onResult?: (result: TransferResult) => void;
}

export interface TransferResult extends TransferRun {
  /** Top-1 accuracy on `testB` (`NaN` for base A, which is not measured on B). */
  accuracy: number;
}

export interface TransferSummaryRow {
  kind: TransferResult['kind'];
  n: number;
  mean: number;
  /** Sample standard deviation over the seeds (0 for one seed). */
  std: number;
  count: number;
}

export interface TransferabilityCurve {
  /** Every network measured, bases first for each seed. */
  results: TransferResult[];
  /** Mean and spread over seeds per (kind, n); the base B row is the reference line. */
  summary: TransferSummaryRow[];
  /** The number of layers L (parameter blocks) of the network. */
  layerCount: number;
}

const OPTIONS = ['build', 'train', 'a', 'b', 'testB', 'layers', 'modes', 'seeds', 'bnPolicy', 'batchSize', 'onResult'];

/**
 * Transferability curves (Yosinski, Clune, Bengio, Lipson 2014, "How transferable are features in
 * deep neural networks?"): trains a base network on task A and one on task B, then for each n
 * copies their first n layers into a fresh network for B, frozen (`AnB`, `BnB`) or fine-tuned
 * (`AnB+`, `BnB+`), trains the rest on B and measures test accuracy on B. A layer is a parameter
 * block (`parameterBlocks(model)`: a child module with parameters), so a conv with its batch norm
 * counts as the layers the network has. Every network is built, trained, measured and disposed in
 * turn; the bases live until their seed's rows are done.
 */
export async function transferabilityCurve(options: TransferabilityCurveOptions): Promise<TransferabilityCurve> {
  const where = 'transferabilityCurve';
  checkObject(where, 'options', options);
  checkKeys(where, options, OPTIONS);
  for (const k of ['build', 'train'] as const) if (typeof options[k] !== 'function') throw new TypeError(`${where}: ${k} must be a function, got ${show(options[k])}`);
  for (const k of ['a', 'b', 'testB'] as const) checkData(where, k, options[k]);
  const modes = options.modes ?? TRANSFER_MODES;
  if (!Array.isArray(modes) || modes.length === 0 || modes.some((m) => !TRANSFER_MODES.includes(m))) {
    throw new RangeError(`${where}: modes must be a non-empty list of ${TRANSFER_MODES.map((m) => `'${m}'`).join(', ')}, got ${show(modes)}`);
  }
  const seeds = options.seeds ?? [0];
  if (!Array.isArray(seeds) || seeds.length === 0 || seeds.some((s) => !Number.isSafeInteger(s))) {
    throw new RangeError(`${where}: seeds must be a non-empty list of integers, got ${show(seeds)}`);
  }
  const bnPolicy = checkBnPolicy(where, options.bnPolicy ?? 'eval');
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`${where}: batchSize must be an integer >= 1, got ${show(batchSize)}`);

  const results: TransferResult[] = [];
  let layerCount = 0;
  const record = (r: TransferResult) => {
    results.push(r);
    options.onResult?.(r);
  };
  const measure = async (model: Module) => (await evaluate(model as never, options.testB, { batchSize })).accuracy;

  // The network's layer count is checked against `layers` on the first model built, before any training.
  const checked = (model: Module): Module => {
    const count = layersOf(model);
    if (layerCount === 0) {
      try {
        checkLayers(where, options.layers, count);
      } catch (e) {
        model.dispose();
        throw e;
      }
      layerCount = count;
    } else if (count !== layerCount) {
      model.dispose();
      throw new RangeError(`${where}: build made networks of ${layerCount} and ${count} layers; every network must have the same architecture`);
    }
    return model;
  };
  for (const seed of seeds) {
    const baseA = await trained(options, { kind: 'baseA', seed, n: 0 }, options.a, checked);
    let baseB: Module | undefined;
    try {
      baseB = await trained(options, { kind: 'baseB', seed, n: 0 }, options.b, checked);
      record({ kind: 'baseA', seed, n: 0, accuracy: Number.NaN });
      record({ kind: 'baseB', seed, n: 0, accuracy: await measure(baseB) });
      const ns = options.layers ?? Array.from({ length: layerCount - 1 }, (_, i) => i + 1);
      for (const n of ns) {
        for (const kind of modes) {
          const run: TransferRun = { kind, seed, n };
          const model = built(options, run, checked);
          try {
            const copied = copyWeights(kind.startsWith('A') ? baseA : baseB, model, { upTo: n });
            if (!kind.endsWith('+')) {
              const params = new Set(Object.keys(model.parameters()));
              freeze(model, copied.filter((name) => params.has(name)), { bnPolicy });
            }
            await options.train(model, options.b, run);
            record({ ...run, accuracy: await measure(model) });
          } finally {
            model.dispose();
          }
        }
      }
    } finally {
      baseA.dispose();
      baseB?.dispose();
    }
  }
  return { results, summary: summarize(results), layerCount };
}

function built(options: TransferabilityCurveOptions, run: TransferRun, checked: (m: Module) => Module): Module {
  const model = options.build(run);
  checkModule('transferabilityCurve', model);
  return checked(model);
}

async function trained(options: TransferabilityCurveOptions, run: TransferRun, data: DataLike, checked: (m: Module) => Module): Promise<Module> {
  const model = built(options, run, checked);
  try {
    await options.train(model, data, run);
    return model;
  } catch (e) {
    model.dispose();
    throw e;
  }
}

function layersOf(model: Module): number {
  return blocksOf(model, Object.keys(model.parameters()), 'children', 'transferabilityCurve').length;
}

function checkLayers(where: string, layers: readonly number[] | undefined, count: number): void {
  if (count < 2) throw new RangeError(`${where}: the network has ${count} layer (parameter block); transfer needs at least 2`);
  if (layers === undefined) return;
  if (!Array.isArray(layers) || layers.length === 0 || layers.some((n) => !Number.isSafeInteger(n) || n < 1 || n > count - 1)) {
    throw new RangeError(`${where}: layers must be a non-empty list of integers in [1, ${count - 1}] (the network has ${count} layers), got ${show(layers)}`);
  }
}

function checkData(where: string, name: string, data: unknown): void {
  const d = data as Record<string, unknown> | null;
  const ok = d !== null && typeof d === 'object' && (('x' in d && 'y' in d) || ('images' in d && 'labels' in d));
  if (!ok) throw new TypeError(`${where}: ${name} must be {x, y} or {images, labels} tensors, got ${show(data)}`);
}

/** Mean and sample standard deviation per (kind, n), in the order first met. */
function summarize(results: readonly TransferResult[]): TransferSummaryRow[] {
  const groups = new Map<string, TransferResult[]>();
  for (const r of results) {
    if (r.kind === 'baseA') continue;
    const key = `${r.kind}:${r.n}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((rs) => {
    const xs = rs.map((r) => r.accuracy);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const std = xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
    return { kind: rs[0]!.kind, n: rs[0]!.n, mean, std, count: xs.length };
  });
}
