import { readMaybeGzipped } from './internal/read-bytes.js';
import { parseIdx, type IdxData } from './parse-idx.js';

/** Reads and decodes one IDX file, plain or gzip-compressed (detected from its bytes). Node only. */
export async function readIdxFile(path: string): Promise<IdxData> {
  const bytes = await readMaybeGzipped(path);
  try {
    return parseIdx(bytes);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message} (in ${path})`, { cause: error });
  }
}
