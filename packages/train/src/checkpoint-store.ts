/** Where `checkpoint` puts its files: memory in browsers (`memoryStore`), a directory in Node (`fileStore` of `@dl/train/node`). */
export interface CheckpointStore {
  /** Writes (atomically where it can) and resolves to where it went. */
  save(name: string, bytes: Uint8Array): Promise<string>;
  load(name: string): Promise<Uint8Array>;
  remove(name: string): Promise<void>;
  has(name: string): Promise<boolean>;
}

/** Checkpoints kept in a `Map` (browsers, tests). */
export function memoryStore(): CheckpointStore & { readonly entries: Map<string, Uint8Array> } {
  const entries = new Map<string, Uint8Array>();
  return {
    entries,
    async save(name, bytes) {
      entries.set(name, bytes.slice());
      return name;
    },
    async load(name) {
      const b = entries.get(name);
      if (!b) throw new Error(`memoryStore: no checkpoint '${name}'`);
      return b;
    },
    async remove(name) {
      entries.delete(name);
    },
    async has(name) {
      return entries.has(name);
    },
  };
}
