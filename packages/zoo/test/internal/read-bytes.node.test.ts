import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readBytes } from '../../src/internal/read-bytes.js';
import { PretrainedWeightsError } from '../../src/index.js';

describe('readBytes (Node)', () => {
  it('reads paths and file: URLs through fs; a missing file is a PretrainedWeightsError', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dl-zoo-read-'));
    const file = join(dir, 'a.bin');
    await writeFile(file, new Uint8Array([1, 2, 3]));
    expect(await readBytes(file, 'w')).toEqual({ bytes: new Uint8Array([1, 2, 3]), source: file });
    expect((await readBytes(pathToFileURL(file), 'w')).bytes).toEqual(new Uint8Array([1, 2, 3]));
    expect((await readBytes(pathToFileURL(file).href, 'w')).source).toBe(file);
    const err = (await readBytes(join(dir, 'none.bin'), 'w').catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(PretrainedWeightsError);
    expect(err.message).toMatch(/^w: cannot read .*none\.bin: ENOENT/);
    await rm(dir, { recursive: true });
  });
});
