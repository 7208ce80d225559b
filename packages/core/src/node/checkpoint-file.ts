import { readFile } from 'node:fs/promises';
import { deserializeCheckpoint, serializeCheckpoint } from '@dl/core';
import type { Checkpoint, CheckpointMetadata, NamedTensors } from '@dl/core';
import { writeFileAtomic } from './write-file-atomic.js';

/**
 * Saves named tensors and metadata to one file, atomically: the previous file at `path`
 * stays intact until the new one is completely on disk. Resolves to the bytes written.
 */
export async function saveCheckpoint(path: string, tensors: NamedTensors, options: { metadata?: CheckpointMetadata } = {}): Promise<number> {
  const bytes = await serializeCheckpoint(tensors, options);
  await writeFileAtomic(path, bytes);
  return bytes.byteLength;
}

/** Loads a checkpoint file; a truncated or corrupted file throws a `CheckpointError` naming it. */
export async function loadCheckpoint(path: string): Promise<Checkpoint> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') throw new Error(`loadCheckpoint: no checkpoint at ${path}`, { cause: error });
    throw error;
  }
  return deserializeCheckpoint(bytes, { source: path });
}
