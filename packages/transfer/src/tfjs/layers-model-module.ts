import { tf } from '@dl/core';
import { Module } from '@dl/layers';
import type { ApplyOptions } from '@dl/layers';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Endpoint } from '../internal/endpoints.js';
import type { Layer } from '@dl/layers';
import type { ReplaceHeadOptions } from '../replace-head.js';
import type { ResetClassifierOptions } from '../reset-classifier.js';
import { featureView, replaceHeadOf, resetClassifierOf } from './surgery.js';

type TfLayer = tfl.layers.Layer;
type LayerVar = tfl.LayerVariable;

// tfjs-layers 4.22 internals we rely on (pinned; tfjs-adapter.test.ts fails if they go):
// `_trainableWeights` / `_nonTrainableWeights` hold a layer's weights whatever its `trainable`
// flag (the public getters return [] for a frozen layer), and `call` is what `apply` invokes.
interface LayerInternals {
  _trainableWeights: LayerVar[];
  _nonTrainableWeights: LayerVar[];
  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[];
}

// The policy of a TF.js batch norm lives on the layer, so every wrapper of it (a feature view, a
// new model made by replaceHead) agrees.
const FORCE_EVAL = Symbol.for('@dl/transfer.forceEval');
const PATCHED = Symbol.for('@dl/transfer.patched');

/** Every weight of a tfjs-layers layer, as a TF.js LayerVariable list, trainable ones first. */
export function layerWeights(layer: TfLayer): { params: LayerVar[]; buffers: LayerVar[] } {
  const l = layer as unknown as LayerInternals;
  if (!Array.isArray(l._trainableWeights) || !Array.isArray(l._nonTrainableWeights)) {
    throw new Error('fromLayersModel: this tfjs-layers version has no _trainableWeights/_nonTrainableWeights on layers; @dl/transfer is tested with @tensorflow/tfjs-layers 4.22.0');
  }
  return { params: l._trainableWeights, buffers: l._nonTrainableWeights };
}

/** `kernel` from `block_1_expand/kernel`. */
function shortName(v: LayerVar): string {
  const n = (v as unknown as { originalName?: string }).originalName ?? v.name;
  return n.slice(n.lastIndexOf('/') + 1).replace(/\./g, '_');
}

/**
 * One TF.js layer with weights: its variables adopted (TF.js owns and frees them) under their
 * short names (`kernel`, `bias`, `depthwise_kernel`, `gamma`, `beta` as parameters;
 * `moving_mean`, `moving_variance` as buffers).
 */
export class TfjsLayerModule extends Module {
  readonly transferBatchNorm: boolean;
  readonly hasRunningStats: boolean;
  readonly affineNames: readonly string[];

  constructor(readonly layer: TfLayer) {
    super(layer.getClassName());
    const { params, buffers } = layerWeights(layer);
    for (const w of params) this.adoptParameter(shortName(w), w.read() as tf.Variable);
    for (const w of buffers) this.adoptBuffer(shortName(w), w.read() as tf.Variable);
    this.transferBatchNorm = layer.getClassName() === 'BatchNormalization';
    this.hasRunningStats = this.transferBatchNorm && buffers.length > 0;
    this.affineNames = this.transferBatchNorm ? Object.keys(this.parameters()) : [];
    if (this.transferBatchNorm) patchBatchNorm(layer);
  }

  /** Policy 'eval': this TF.js batch norm runs in inference mode even when the model trains (tfjs-layers ignores `trainable` here). */
  get forceEval(): boolean {
    return (this.layer as unknown as Record<symbol, boolean>)[FORCE_EVAL] === true;
  }
  set forceEval(v: boolean) {
    (this.layer as unknown as Record<symbol, boolean>)[FORCE_EVAL] = v;
  }

  /** Mirrors our flags into `layer.trainable` (so the saved config records them, as Keras does) when the layer agrees with itself. */
  transferSync(): void {
    const flags = Object.values(this.parameters()).map((v) => v.trainable);
    if (flags.length === 0) return;
    if (flags.every((f) => !f)) this.layer.trainable = false;
    else if (flags.every((f) => f)) this.layer.trainable = true;
  }

  protected forward(): tf.Tensor {
    throw new TypeError(`${this.kind} '${this.layer.name}': a layer of a TF.js model runs through the model, not alone`);
  }
}

/** Wraps the layer's `call` once: in policy 'eval' it sees `training: false`. Never reaches the saved config. */
function patchBatchNorm(layer: TfLayer): void {
  const l = layer as unknown as LayerInternals & Record<symbol, unknown>;
  if (l[PATCHED]) return;
  const call = l.call.bind(layer);
  l.call = (inputs, kwargs) => call(inputs, l[FORCE_EVAL] === true ? { ...kwargs, training: false } : kwargs);
  l[PATCHED] = true;
}

/**
 * A TF.js `LayersModel` as a `@dl/layers` Module: one child per layer with weights, named by the
 * layer (`block_16_project_BN.gamma`), `apply(x, {training})` through the model itself. Made by
 * `fromLayersModel`.
 */
export class LayersModelModule extends Module {
  readonly model: tfl.LayersModel;
  /** Layer names in topological order (`model.layers`): depths count these, names select them. */
  readonly endpoints: readonly string[];
  readonly #units: Endpoint[];

  constructor(model: tfl.LayersModel) {
    super('layersModel');
    this.model = model;
    this.#units = [];
    for (const layer of model.layers) {
      const { params, buffers } = layerWeights(layer);
      const name = childName(layer.name);
      if (params.length + buffers.length > 0) {
        this.addModule(name, new TfjsLayerModule(layer));
        this.#units.push({ name: layer.name, path: name });
      } else {
        this.#units.push({ name: layer.name, path: undefined });
      }
    }
    this.endpoints = model.layers.map((l) => l.name);
  }

  /** @internal */
  transferEndpoints(): Endpoint[] {
    return this.#units.map((u) => ({ ...u }));
  }

  /** @internal a TF.js batch norm joins the block before it, as BatchNorm does for Sequentials */
  isBatchNormUnit(path: string): boolean {
    const child = this.children()[path];
    return child instanceof TfjsLayerModule && child.transferBatchNorm;
  }

  /** @internal featureExtractor's cut: a model of the same layers up to a layer name (or index). */
  transferFeatureView(upTo: string | number, where: string): Module {
    return featureView(this, upTo, where);
  }

  /** @internal replaceHead on a TF.js model. */
  transferReplaceHead(head: Layer, options: ReplaceHeadOptions, where: string): Module {
    return replaceHeadOf(this, head, options, where);
  }

  /** @internal resetClassifier on a TF.js model. */
  transferResetClassifier(classes: number, options: ResetClassifierOptions, where: string): Module {
    return resetClassifierOf(this, classes, options, where);
  }

  protected forward(x: tf.Tensor, options: ApplyOptions): tf.Tensor {
    const y = this.model.apply(x, { training: this.isTraining(options) });
    if (Array.isArray(y)) throw new TypeError(`layersModel: the model has ${y.length} outputs; @dl/transfer wraps single-output models`);
    return y as tf.Tensor;
  }
}

export function childName(layerName: string): string {
  return layerName.replace(/\./g, '_');
}
