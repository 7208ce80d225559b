import { tf } from '@dl/core';
import type { LayersModelModule } from './layers-model-module.js';
import { quantizeArtifacts } from './quantize.js';
import type { Quantize } from './quantize.js';

export interface ToArtifactsOptions {
  /** Store float32 weights as uint8 (affine per tensor, 4x smaller) or float16 (2x); default float32. */
  quantize?: Quantize;
}

/**
 * The model as `tf.io` artifacts (topology with each layer's `trainable` flag, weights under the
 * model's own names, float32 unless `quantize`): what `tf.loadLayersModel(tf.io.fromMemory(...))`
 * loads in plain TF.js. The batch-norm policy patches are not part of the config.
 */
export async function toArtifacts(m: LayersModelModule, options: ToArtifactsOptions = {}): Promise<tf.io.ModelArtifacts> {
  if (m === null || typeof m !== 'object' || typeof (m as { model?: { save?: unknown } }).model?.save !== 'function') {
    throw new TypeError('toArtifacts: expects a module from fromLayersModel');
  }
  if (options === null || typeof options !== 'object') throw new TypeError('toArtifacts: options must be an object');
  for (const k of Object.keys(options)) if (k !== 'quantize') throw new TypeError(`toArtifacts: unknown option '${k}' (allowed: quantize)`);
  if (options.quantize !== undefined && options.quantize !== 'uint8' && options.quantize !== 'float16') {
    throw new RangeError(`toArtifacts: quantize must be 'uint8' or 'float16', got ${JSON.stringify(options.quantize)}`);
  }
  let artifacts: tf.io.ModelArtifacts | undefined;
  await m.model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return options.quantize ? quantizeArtifacts(artifacts!, options.quantize) : artifacts!;
}
