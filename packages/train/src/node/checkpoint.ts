import { checkpoint as baseCheckpoint } from '../checkpoint.js';
import type { CheckpointCallback, CheckpointOptions } from '../checkpoint.js';
import { fileStore } from './file-store.js';

/** `checkpoint` with `dir`: files `<dir>/epoch-NNNN.dlckpt`, `last.dlckpt`, `best.dlckpt`, written atomically. */
export function checkpoint(options: CheckpointOptions & { dir?: string } = {}): CheckpointCallback {
  const { dir, ...rest } = options ?? {};
  if (dir !== undefined && rest.store !== undefined) throw new TypeError('checkpoint: give dir or store, not both');
  return baseCheckpoint(dir === undefined ? rest : { ...rest, store: fileStore(dir) });
}
