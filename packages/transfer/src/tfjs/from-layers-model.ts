import type * as tfl from '@tensorflow/tfjs-layers';
import { show } from '../internal/check.js';
import { checkBnPolicy, freeze } from '../freeze.js';
import type { BnPolicy } from '../freeze.js';
import { LayersModelModule, childName } from './layers-model-module.js';

export interface FromLayersModelOptions {
  /** Batch norms of the layers saved with `trainable: false`; default 'frozen-affine' (what Keras 2.2 and tfjs-layers do). */
  bnPolicy?: BnPolicy;
}

const GRAPH_MODEL =
  'fromLayersModel: got a tf.GraphModel: a frozen inference graph (no layers, no trainable variables, no training mode) cannot be fine-tuned; load the Keras/LayersModel form with tf.loadLayersModel';

/**
 * Wraps a tfjs-layers `LayersModel` as a Module: named parameters (`block_16_project_BN.gamma`)
 * and buffers (moving statistics), `apply(x, {training})` honoured by dropout and batch norm, the
 * layers saved with `trainable: false` frozen (their batch norms by `bnPolicy`, which is enforced
 * although tfjs-layers ignores `trainable` in batch norm), layer names as endpoints for
 * `featureExtractor`, `freeze` and `parameterBlocks`. The variables stay the model's: `fit`
 * trains them in place, and `toArtifacts` / `saveLayersModel` write a model plain TF.js loads.
 * A `GraphModel` is refused (inference only).
 */
export function fromLayersModel(model: tfl.LayersModel, options: FromLayersModelOptions = {}): LayersModelModule {
  const where = 'fromLayersModel';
  const m = model as unknown as Record<string, unknown> | null;
  if (m !== null && typeof m === 'object') {
    const isGraph = (typeof m.executeAsync === 'function' && !Array.isArray(m.layers)) || m.format === 'graph-model' || (m.modelSignature !== undefined && !Array.isArray(m.layers));
    if (isGraph) throw new TypeError(GRAPH_MODEL);
  }
  if (m === null || typeof m !== 'object' || !Array.isArray(m.layers) || typeof m.apply !== 'function' || !Array.isArray(m.inputs)) {
    throw new TypeError(`${where}: model must be a tf.LayersModel (from tf.loadLayersModel or tf.model), got ${show(model)}`);
  }
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: options must be an object, got ${show(options)}`);
  for (const k of Object.keys(options)) if (k !== 'bnPolicy') throw new TypeError(`${where}: unknown option '${k}' (allowed: bnPolicy)`);
  const policy = checkBnPolicy(where, options.bnPolicy ?? 'frozen-affine');
  const wrapped = new LayersModelModule(model);
  const frozenLayers = model.layers.filter((l) => !l.trainable).map((l) => childName(l.name)).filter((n) => n in wrapped.children());
  if (frozenLayers.length > 0) freeze(wrapped, frozenLayers, { bnPolicy: policy });
  return wrapped;
}
