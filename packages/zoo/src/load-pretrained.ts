import { tf } from '@dl/core';
import type { Sequential } from '@dl/layers';
import { buildArchitecture } from './internal/build-architecture.js';
import { loadWeightsAs } from './internal/load-weights.js';
import type { LoadPretrainedOptions } from './types.js';

/**
 * Zoo model `name` as a `@dl/layers` network with its stored weights, in eval mode (dropout off,
 * batch norm on its running statistics): `await loadPretrained('fashion-cnn')`. The file is read
 * from the package (or `options.weightsUrl`) and verified against the manifest (size, then
 * SHA-256) before any tensor is made; a corrupt or truncated file is refused with a
 * `PretrainedWeightsError`, an unknown name with a `RangeError` listing the zoo's names. Inputs are
 * `[batch, 28, 28, 1]` images standardised as the entry's `data.normalize` says; outputs are logits.
 * Dispose the network when done.
 */
export async function loadPretrained(name: string, options?: LoadPretrainedOptions): Promise<Sequential> {
  const { entry, tensors } = await loadWeightsAs('loadPretrained', name, options);
  try {
    const model = buildArchitecture(entry);
    try {
      model.loadStateDict(tensors);
    } catch (error) {
      model.dispose();
      throw error;
    }
    return model.eval();
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
