import type { Sequential } from '@dl/layers';
import { cnn } from '../architectures/cnn.js';
import type { PretrainedEntry } from '../types.js';

/** The entry's network with fresh weights (seed 0: every value is overwritten by the stored ones). */
export function buildArchitecture(entry: PretrainedEntry): Sequential {
  const { builder, args } = entry.architecture;
  if (builder === 'cnn') return cnn(0, args.classes);
  throw new RangeError(`@dl/zoo: '${entry.name}' names the architecture '${String(builder)}', which this version does not have (cnn)`);
}
