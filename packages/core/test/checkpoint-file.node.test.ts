import { mkdtemp, readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CheckpointError, disposeTensors, tf } from '@dl/core';
import { loadCheckpoint, saveCheckpoint, writeFileAtomic } from '@dl/core/node';
import { expectNoLeak, expectTensorsClose } from '@dl/core/testing';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dl-ckpt-'));
});

describe('saveCheckpoint / loadCheckpoint', () => {
  it('writes a file that loads back to the same tensors and metadata, leaving no temporary file', async () => {
    const path = join(dir, 'model.dlckpt');
    const tensors = { 'dense.kernel': tf.tensor2d([[1, 2], [3, 4]]), 'dense.bias': tf.tensor1d([0.5, -0.5]) };
    await expectNoLeak(async () => {
      const bytes = await saveCheckpoint(path, tensors, { metadata: { epoch: 3 } });
      expect(bytes).toBe((await readFile(path)).byteLength);
      const loaded = await loadCheckpoint(path);
      expect(loaded.metadata).toEqual({ epoch: 3 });
      await expectTensorsClose(loaded.tensors, tensors, { rtol: 0, atol: 0 });
      disposeTensors(loaded.tensors);
    });
    expect(await readdir(dir)).toEqual(['model.dlckpt']);
    disposeTensors(tensors);
  });

  it('keeps the previous file intact when a save fails part way', async () => {
    const path = join(dir, 'best.dlckpt');
    const good = { w: tf.tensor1d([1, 2, 3]) };
    await saveCheckpoint(path, good, { metadata: { epoch: 1 } });
    const before = await readFile(path);
    const disposed = tf.scalar(1);
    disposed.dispose();
    await expect(saveCheckpoint(path, { w: good.w, b: disposed })).rejects.toThrow(/'b' is disposed/);
    // A failure after the temporary file was opened: writing to a directory path.
    await expect(writeFileAtomic(join(dir, 'missing', 'x.dlckpt'), new Uint8Array(4))).rejects.toThrow(/ENOENT/);
    expect(Buffer.compare(await readFile(path), before)).toBe(0);
    expect(await readdir(dir)).toEqual(['best.dlckpt']);
    const loaded = await loadCheckpoint(path);
    await expectTensorsClose(loaded.tensors.w!, [1, 2, 3]);
    disposeTensors([loaded.tensors, good] as never);
  });

  it('refuses a truncated or corrupted file with an error naming it, and the last good copy still loads', async () => {
    const path = join(dir, 'last.dlckpt');
    const copy = join(dir, 'copy.dlckpt');
    const tensors = { w: tf.ones([16, 16]) };
    await saveCheckpoint(path, tensors);
    await writeFile(copy, await readFile(path));
    await truncate(copy, (await readFile(copy)).byteLength - 100);
    await expect(loadCheckpoint(copy)).rejects.toThrow(new RegExp(`checkpoint ${copy.replace(/[.]/g, '\\.')} is truncated`));
    const bytes = await readFile(path);
    bytes[bytes.length - 1]! ^= 0x55;
    await writeFile(copy, bytes);
    await expect(loadCheckpoint(copy)).rejects.toThrow(CheckpointError);
    await expect(loadCheckpoint(copy)).rejects.toThrow(/is corrupted: the weights checksum does not match/);
    await expect(loadCheckpoint(join(dir, 'nope.dlckpt'))).rejects.toThrow(/loadCheckpoint: no checkpoint at .*nope\.dlckpt/);
    const loaded = await loadCheckpoint(path);
    await expectTensorsClose(loaded.tensors.w!, tensors.w);
    disposeTensors([loaded.tensors, tensors] as never);
  });

  it('writes strings and bytes atomically and validates the path', async () => {
    const path = join(dir, 'log.json');
    await writeFileAtomic(path, '{"a":1}');
    await writeFileAtomic(path, '{"a":2}');
    expect(await readFile(path, 'utf8')).toBe('{"a":2}');
    await expect(writeFileAtomic('', 'x')).rejects.toThrow(/writeFileAtomic: path must be a non-empty string/);
  });
});
