import { deserializeCheckpoint } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import { packagedWeightsUrl } from '../packaged-weights-url.js';
import type { LoadPretrainedOptions, PretrainedEntry } from '../types.js';
import { checkLoadOptions } from './check-load-options.js';
import { findEntry } from './find-entry.js';
import { readBytes } from './read-bytes.js';
import { verifyAs } from './verify.js';

/** Reads, verifies (size, then SHA-256) and decodes the weights of `name`; messages start with `where`. */
export async function loadWeightsAs(where: string, name: string, options?: LoadPretrainedOptions): Promise<{ entry: PretrainedEntry; tensors: NamedTensors }> {
  const entry = findEntry(name, where);
  const { weightsUrl } = checkLoadOptions(where, options);
  const location = weightsUrl ?? packagedWeightsUrl(entry.name);
  if (location === undefined) throw new Error(`${where}: '${entry.name}' has no packaged weights file in this build; pass weightsUrl`);
  const { bytes, source } = await readBytes(location, `${where}: '${entry.name}'`);
  await verifyAs(where, entry.name, bytes, source);
  return { entry, tensors: deserializeCheckpoint(bytes, { source }).tensors };
}
