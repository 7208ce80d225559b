import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@dl/core/node';
import type { CheckpointStore } from '../checkpoint-store.js';

/** Checkpoints as `<dir>/<name>.dlckpt` files, written atomically (temporary file, flush, rename). */
export function fileStore(dir: string): CheckpointStore & { readonly dir: string; path(name: string): string } {
  if (typeof dir !== 'string' || dir === '') throw new TypeError(`fileStore: dir must be a non-empty path, got ${JSON.stringify(dir)}`);
  const path = (name: string) => join(dir, `${name}.dlckpt`);
  let made = false;
  return {
    dir,
    path,
    async save(name, bytes) {
      if (!made) await mkdir(dir, { recursive: true });
      made = true;
      await writeFileAtomic(path(name), bytes);
      return path(name);
    },
    async load(name) {
      return new Uint8Array(await readFile(path(name)));
    },
    async remove(name) {
      await rm(path(name), { force: true });
    },
    async has(name) {
      return stat(path(name)).then(
        () => true,
        () => false,
      );
    },
  };
}
