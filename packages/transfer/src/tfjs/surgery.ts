import { Dense, Dropout, Flatten, GlobalAvgPool2d, Lambda, Module, Sequential, dense } from '@dl/layers';
import type { Layer } from '@dl/layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { closest } from '../internal/closest.js';
import { show } from '../internal/check.js';
import { inWidth } from '../internal/cut.js';
import type { ReplaceHeadOptions } from '../replace-head.js';
import type { ResetClassifierOptions } from '../reset-classifier.js';
import { LayersModelModule } from './layers-model-module.js';

/** The layer named (or at index) `at`, with a message listing the closest names. */
export function layerAt(m: LayersModelModule, at: string | number, where: string, what = 'upTo'): tfl.layers.Layer {
  const layers = m.model.layers;
  if (typeof at === 'number') {
    if (!Number.isInteger(at) || at < 0 || at >= layers.length) throw new RangeError(`${where}: ${what} must be a layer index in [0, ${layers.length - 1}], got ${show(at)}`);
    return layers[at]!;
  }
  if (typeof at !== 'string') throw new TypeError(`${where}: ${what} must be a layer name or index, got ${show(at)}`);
  const found = layers.find((l) => l.name === at);
  if (found === undefined) throw new RangeError(`${where}: no layer named '${at}'; the closest are ${closest(at, layers.map((l) => l.name))}`);
  return found;
}

function singleOutput(layer: tfl.layers.Layer, where: string): tfl.SymbolicTensor {
  // node 0: the layer's call in the original graph (shared layers have more after a split)
  const out = layer.getOutputAt(0);
  if (Array.isArray(out)) throw new RangeError(`${where}: layer '${layer.name}' has ${out.length} outputs; cut at a single-output layer`);
  return out;
}

/** A model of the same layers ending at `upTo` (shares every weight). */
export function featureView(m: LayersModelModule, upTo: string | number, where: string): LayersModelModule {
  const layer = layerAt(m, upTo, where);
  const view = tfl.model({ inputs: m.model.inputs, outputs: singleOutput(layer, where) });
  return new LayersModelModule(view);
}

const SUPPORTED = 'Dense, an activation (relu, sigmoid, tanh, softmax), Dropout, Flatten, GlobalAvgPool2d, or a Sequential of these';

/** @dl/layers head → tfjs-layers layers (weights copied), checked completely before any layer is made. */
function convertible(head: Module, where: string): Module[] {
  if (head instanceof Sequential) return head.layers.flatMap((l) => convertible(l, where));
  if (head instanceof Dense || head instanceof Dropout || head instanceof Flatten || head instanceof GlobalAvgPool2d) return [head];
  if (head instanceof Lambda && ['relu', 'sigmoid', 'tanh', 'softmax'].includes(head.kind)) return [head];
  throw new TypeError(`${where}: a head for a TF.js model is made of ${SUPPORTED}; got a '${head.kind}'`);
}

/**
 * A new LayersModel: the model up to layer `at` (default: the input of the last Dense), then the
 * head converted to tfjs-layers layers with its weights copied; the head module is disposed (its
 * values live on in the new layers), and with `dispose` (default) so are the layers no longer used.
 */
export function replaceHeadOf(m: LayersModelModule, head: Layer, options: ReplaceHeadOptions, where: string): LayersModelModule {
  if (options.inputShape !== undefined) throw new TypeError(`${where}: inputShape is not needed for a TF.js model (its shapes are known)`);
  const headModule = head instanceof Module ? head : new Lambda(head);
  const parts = convertible(headModule, where);
  const at = options.at === undefined ? defaultCut(m, where) : layerAt(m, options.at, where, 'at');
  const features = singleOutput(at, where);
  const want = inWidth(headModule);
  const have = features.shape[features.shape.length - 1];
  if (want !== undefined && have != null && want.width !== have) {
    throw new RangeError(`${where}: the head takes ${want.width} features (${want.source}) but the backbone gives ${have} at '${at.name}'`);
  }
  let h = features;
  for (const p of parts) h = convertNow(p, h);
  const next = tfl.model({ inputs: m.model.inputs, outputs: h });
  if (options.dispose ?? true) {
    const kept = new Set(next.layers);
    for (const l of m.model.layers) if (!kept.has(l)) l.dispose();
  }
  headModule.dispose();
  const out = new LayersModelModule(next);
  out.train(m.training);
  return out;
}

/** One @dl/layers layer as a tfjs-layers layer applied to `input`, its weights copied. */
function convertNow(m: Module, input: tfl.SymbolicTensor): tfl.SymbolicTensor {
  let layer: tfl.layers.Layer;
  if (m instanceof Dense) layer = tfl.layers.dense({ units: m.outFeatures, useBias: m.bias !== undefined });
  else if (m instanceof Dropout) layer = tfl.layers.dropout({ rate: m.p });
  else if (m instanceof Flatten) layer = tfl.layers.flatten();
  else if (m instanceof GlobalAvgPool2d) layer = tfl.layers.globalAveragePooling2d({});
  else layer = tfl.layers.activation({ activation: m.kind as 'relu' });
  const out = layer.apply(input) as tfl.SymbolicTensor;
  if (m instanceof Dense) layer.setWeights(m.bias ? [m.kernel, m.bias] : [m.kernel]);
  return out;
}

/** The layer feeding the last Dense. */
function defaultCut(m: LayersModelModule, where: string): tfl.layers.Layer {
  const denses = m.model.layers.filter((l) => l.getClassName() === 'Dense');
  const last = denses[denses.length - 1];
  if (last === undefined) throw new RangeError(`${where}: the model has no Dense layer; give at (the layer whose output the head takes)`);
  const inbound = (last as unknown as { inboundNodes: { inboundLayers: tfl.layers.Layer[] }[] }).inboundNodes[0]?.inboundLayers[0];
  if (inbound === undefined) throw new RangeError(`${where}: the last Dense '${last.name}' has no input layer`);
  return inbound;
}

/** timm's reset_classifier on a TF.js model: the last Dense (its activation too) becomes a new linear Dense(classes). */
export function resetClassifierOf(m: LayersModelModule, classes: number, options: ResetClassifierOptions, where: string): LayersModelModule {
  const at = defaultCut(m, where);
  const width = singleOutput(at, where).shape.at(-1);
  if (width == null) throw new RangeError(`${where}: the width at '${at.name}' is not known`);
  return replaceHeadOf(m, dense(width, classes, { seed: options.seed }), { at: at.name }, where);
}

