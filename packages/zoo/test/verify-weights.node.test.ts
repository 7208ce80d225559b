import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { listPretrained, loadPretrained, loadPretrainedWeights, PretrainedWeightsError, verifyWeights } from '../src/index.js';

const entry = listPretrained().find((e) => e.name === 'fashion-cnn')!;
const original = fileURLToPath(new URL(`../${entry.storage.file}`, import.meta.url));
let dir: string;
let good: Uint8Array;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dl-zoo-'));
  good = new Uint8Array(await readFile(original));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('verifyWeights', () => {
  it('accepts the packaged file and returns its size and hash', async () => {
    await expect(verifyWeights('fashion-cnn', good)).resolves.toEqual({ bytes: entry.storage.bytes, sha256: entry.storage.sha256 });
    await expect(verifyWeights('fashion-cnn', good.slice().buffer)).resolves.toBeDefined();
  });

  it('refuses a truncated file by size, naming the model and both sizes', async () => {
    const cut = good.slice(0, 401234);
    await expect(verifyWeights('fashion-cnn', cut)).rejects.toThrow(
      new PretrainedWeightsError(`verifyWeights: 'fashion-cnn' weights are 401234 bytes, the manifest says ${entry.storage.bytes}: truncated file`),
    );
    const longer = new Uint8Array(good.byteLength + 1);
    longer.set(good);
    await expect(verifyWeights('fashion-cnn', longer)).rejects.toThrow(`are ${good.byteLength + 1} bytes, the manifest says ${entry.storage.bytes}: corrupt file`);
  });

  it('refuses a file with one flipped byte by SHA-256, naming the model and both hashes', async () => {
    const bad = good.slice();
    bad[bad.length >> 1] = bad[bad.length >> 1]! ^ 0x01;
    const err = (await verifyWeights('fashion-cnn', bad).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(PretrainedWeightsError);
    expect(err.name).toBe('PretrainedWeightsError');
    expect(err.message).toMatch(new RegExp(`^verifyWeights: 'fashion-cnn' weights have sha256 [0-9a-f]{64}, the manifest says ${entry.storage.sha256}: corrupt file, or not this model's$`));
    expect(err.message).not.toContain(`sha256 ${entry.storage.sha256},`);
  });

  it('another model\'s file is refused', async () => {
    const other = listPretrained().find((e) => e.name === 'fashion-0-4')!;
    await expect(verifyWeights('fashion-0-4', good)).rejects.toThrow(`the manifest says ${other.storage.bytes}`);
  });

  it('bad arguments: unknown name, not bytes', async () => {
    await expect(verifyWeights('fashion', good)).rejects.toThrow(/no pretrained model named 'fashion' \(did you mean '.*'\?\); the zoo has 'fashion-cnn'/);
    await expect(verifyWeights('fashion-cnn', 'abc' as never)).rejects.toThrow(TypeError);
  });
});

describe('loadPretrained refuses a corrupt or truncated copy (weightsUrl into a temp dir), making no tensor', () => {
  it('a truncated copy', async () => {
    const file = join(dir, 'truncated.bin');
    await writeFile(file, good.subarray(0, good.byteLength - 1000));
    const before = tf.memory().numTensors;
    await expect(loadPretrained('fashion-cnn', { weightsUrl: file })).rejects.toThrow(
      `loadPretrained: 'fashion-cnn' weights (${file}) are ${good.byteLength - 1000} bytes, the manifest says ${entry.storage.bytes}: truncated file`,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a copy with one corrupt byte', async () => {
    const file = join(dir, 'corrupt.bin');
    const bad = good.slice();
    bad[1000] = bad[1000]! ^ 0xff;
    await writeFile(file, bad);
    const before = tf.memory().numTensors;
    await expect(loadPretrainedWeights('fashion-cnn', { weightsUrl: pathToFileURL(file) })).rejects.toThrow(
      new RegExp(`^loadPretrainedWeights: 'fashion-cnn' weights \\(${file}\\) have sha256 [0-9a-f]{64}, the manifest says ${entry.storage.sha256}: corrupt file`),
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an intact copy elsewhere loads', async () => {
    const file = join(dir, 'copy.bin');
    await copyFile(original, file);
    const model = await loadPretrained('fashion-cnn', { weightsUrl: file });
    expect(Object.keys(model.parameters()).length).toBe(12);
    model.dispose();
  });
});
