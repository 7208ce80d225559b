import { quantizeWeights } from '@dl/core';
import type { tf } from '@dl/core';

export type Quantize = 'uint8' | 'float16';

/**
 * Quantizes the float32 weights of `tf.io` artifacts as TF.js's converter does (@dl/core's
 * `quantizeWeights`): uint8 affine per tensor or float16; `tf.io.decodeWeights` reads both back.
 */
export function quantizeArtifacts(a: tf.io.ModelArtifacts, mode: Quantize): tf.io.ModelArtifacts {
  const data = a.weightData;
  if (data === undefined || Array.isArray(data)) throw new TypeError('toArtifacts: expected one weight buffer from model.save');
  const q = quantizeWeights({ weightSpecs: a.weightSpecs ?? [], weightData: data as ArrayBuffer }, mode);
  return { ...a, weightSpecs: q.weightSpecs, weightData: q.weightData };
}
