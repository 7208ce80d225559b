import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { writeFileAtomic } from '@dl/core/node';
import type { TrialCheckpoint } from '@dl/train';
import { checkpointKey } from './keys.js';

/** Where trials keep their last epoch checkpoint: Redis (default) or a directory every worker mounts. */
export type CheckpointPlace = 'redis' | { dir: string };

export function checkpointPath(dir: string, study: string, field: string): string {
  return join(dir, study, `${field.replaceAll(':', '-')}.ckpt`);
}

export function trialCheckpoint(place: CheckpointPlace, redis: Redis, study: string, field: string): TrialCheckpoint & { remove(): Promise<void> } {
  if (place === 'redis') {
    const key = checkpointKey(study, field);
    return {
      async load() {
        const b = await redis.getBuffer(key);
        return b === null ? undefined : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
      },
      async save(bytes) {
        await redis.set(key, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      },
      async remove() {
        await redis.del(key);
      },
    };
  }
  const path = checkpointPath(place.dir, study, field);
  return {
    async load() {
      try {
        return new Uint8Array(await readFile(path));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async save(bytes) {
      await mkdir(join(place.dir, study), { recursive: true });
      // Atomic (temporary file, fsync, rename): a worker killed mid-write leaves the previous epoch's file.
      await writeFileAtomic(path, bytes);
    },
    async remove() {
      await rm(path, { force: true });
    },
  };
}
