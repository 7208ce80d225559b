import { tf } from '@dl/core';
import { show } from './checks.js';

/** How a layer's output counts as saturated: `|y| > threshold` (tanh) or `y < 1 − threshold or y > threshold` (sigmoid). */
export type Saturation = 'tanh' | 'sigmoid';

/** A function of one tensor. */
export type LayerFn = (x: tf.Tensor) => tf.Tensor;

/**
 * A layer object: anything with `apply(x)` (tfjs-layers layers, applied eagerly) or
 * `forward(x)` (PyTorch-style modules). `trainableWeights` (tfjs-layers) are found as parameters.
 */
export interface LayerLike {
  apply?(x: tf.Tensor): unknown;
  forward?(x: tf.Tensor): unknown;
  name?: string;
}

/** A layer with what the diagnostics should know about it. */
export interface LayerSpec {
  layer: LayerFn | LayerLike;
  /** Shown in the report; default the layer's `name` or `layer<i>`. */
  name?: string;
  /** Overrides the call's `saturation` for this layer. */
  saturation?: Saturation;
  /** Parameters whose gradients `gradientStats` reports for this layer. */
  params?: tf.Variable[];
}

export type LayerEntry = LayerFn | LayerLike | LayerSpec;

export interface NormalizedLayer {
  run: LayerFn;
  name: string;
  saturation?: Saturation;
  params: () => tf.Variable[];
}

function isSpec(entry: object): entry is LayerSpec {
  return 'layer' in entry;
}

interface WeightLike {
  read(): tf.Variable;
}

export function normalizeLayers(layers: unknown, where: string): NormalizedLayer[] {
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new TypeError(`${where}: layers must be a non-empty array of functions, layer objects or {layer} specs, got ${show(layers)}`);
  }
  return layers.map((entry: unknown, i) => {
    const fail = () => new TypeError(`${where}: layers[${i}] must be a function, an object with apply(x) or forward(x), or {layer, name?, saturation?, params?}, got ${show(entry)}`);
    if (entry === null || (typeof entry !== 'function' && typeof entry !== 'object')) throw fail();
    const spec: LayerSpec = typeof entry === 'function' ? { layer: entry as LayerFn } : isSpec(entry) ? entry : { layer: entry as LayerLike };
    const layer = spec.layer as unknown;
    let call: (x: tf.Tensor) => unknown;
    let own: LayerLike | undefined;
    if (typeof layer === 'function') call = layer as LayerFn;
    else if (layer !== null && typeof layer === 'object' && typeof (layer as LayerLike).apply === 'function') {
      own = layer as LayerLike;
      call = (x) => own!.apply!(x);
    } else if (layer !== null && typeof layer === 'object' && typeof (layer as LayerLike).forward === 'function') {
      own = layer as LayerLike;
      call = (x) => own!.forward!(x);
    } else throw fail();
    if (spec.saturation !== undefined && spec.saturation !== 'tanh' && spec.saturation !== 'sigmoid') {
      throw new RangeError(`${where}: layers[${i}].saturation must be 'tanh' or 'sigmoid', got ${show(spec.saturation)}`);
    }
    if (spec.params !== undefined && (!Array.isArray(spec.params) || spec.params.some((p) => !(p instanceof tf.Variable)))) {
      throw new TypeError(`${where}: layers[${i}].params must be an array of tf.Variable, got ${show(spec.params)}`);
    }
    const name = spec.name ?? (typeof own?.name === 'string' ? own.name : `layer${i}`);
    const run: LayerFn = (x) => {
      const y = call(x);
      const t = Array.isArray(y) && y.length === 1 ? y[0] : y;
      if (!(t instanceof tf.Tensor)) throw new TypeError(`${where}: layer '${name}' (layers[${i}]) must return a tensor, got ${show(t)}`);
      return t;
    };
    const params = (): tf.Variable[] => {
      if (spec.params) return spec.params;
      const weights = (own as { trainableWeights?: unknown } | undefined)?.trainableWeights;
      if (!Array.isArray(weights)) return [];
      return weights.flatMap((w: unknown) => (w instanceof tf.Variable ? [w] : typeof (w as WeightLike)?.read === 'function' ? [(w as WeightLike).read()] : []));
    };
    return { run, name, ...(spec.saturation ? { saturation: spec.saturation } : {}), params };
  });
}
