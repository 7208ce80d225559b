import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readIdxFile } from '../src/node.js';
import { makeIdx } from './support/make-idx.js';

describe('readIdxFile', () => {
  let dir: string;
  const idx = makeIdx(0x0c, [2, 2], [1, -2, 3, -4]);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dl-datasets-idx-'));
    await writeFile(join(dir, 'plain-idx2-int'), idx);
    await writeFile(join(dir, 'packed-idx2-int.gz'), gzipSync(idx));
    // Compression is detected from the bytes, not the file name.
    await writeFile(join(dir, 'misnamed.gz'), idx);
    await writeFile(join(dir, 'bad'), idx.subarray(0, idx.length - 2));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each(['plain-idx2-int', 'packed-idx2-int.gz', 'misnamed.gz'])('reads %s', async (name) => {
    const got = await readIdxFile(join(dir, name));
    expect(got.dtype).toBe('int32');
    expect(got.shape).toEqual([2, 2]);
    expect([...got.data]).toEqual([1, -2, 3, -4]);
  });

  it('names the file when its contents are invalid', async () => {
    const path = join(dir, 'bad');
    await expect(readIdxFile(path)).rejects.toThrow(
      `parseIdx: truncated data: expected 28 bytes (12-byte header + 4 int32 elements for shape [2, 2]), got 26 (in ${path})`,
    );
  });

  it('passes a missing file through as ENOENT', async () => {
    await expect(readIdxFile(join(dir, 'nope'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
