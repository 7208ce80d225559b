import type { NamedTensors } from '@dl/core';
import { loadWeightsAs } from './internal/load-weights.js';
import type { LoadPretrainedOptions } from './types.js';

/**
 * The stored weights of zoo model `name` as named tensors (the caller owns them), read from the
 * package (Node: its `weights/` folder through `fs`; browsers: `fetch` of the file the bundler
 * copied) or from `options.weightsUrl`, verified (size, then SHA-256) before anything is decoded.
 * float16 files decode to float32 tensors. For weights without a network (`copyWeights` into
 * your own); `loadPretrained` gives the network.
 */
export async function loadPretrainedWeights(name: string, options?: LoadPretrainedOptions): Promise<NamedTensors> {
  return (await loadWeightsAs('loadPretrainedWeights', name, options)).tensors;
}
