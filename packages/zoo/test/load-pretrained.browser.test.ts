import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { loadMnist } from '@dl/datasets';
import { listPretrained, loadPretrained, packagedWeightsUrl, PretrainedWeightsError } from '../src/index.js';
import { accuracyOf, testSlice } from './support.js';

// In Chromium the weights come through fetch(new URL('../weights/<file>', import.meta.url)), served
// by Vite from the package folder, and are verified with crypto.subtle as in Node.
describe('loadPretrained in the browser (fetch)', () => {
  it("'mnist-cnn' loads through fetch and matches the manifest on the first 500 test digits", async () => {
    const entry = listPretrained().find((e) => e.name === 'mnist-cnn')!;
    expect(packagedWeightsUrl('mnist-cnn')!.protocol).toMatch(/^https?:$/);
    const { x, y } = await testSlice(entry, entry.metrics.check.images, { loadMnist: loadMnist as never });
    const before = tf.memory().numTensors;
    const model = await loadPretrained('mnist-cnn');
    const acc = await accuracyOf(model, x, y);
    expect(Math.abs(acc - entry.metrics.check.accuracy)).toBeLessThanOrEqual(2 / 500 + 1e-9);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });

  it('a corrupt copy (a blob: URL of changed bytes) is refused before any tensor is made', async () => {
    const entry = listPretrained().find((e) => e.name === 'mnist-cnn')!;
    const bytes = new Uint8Array(await (await fetch(packagedWeightsUrl('mnist-cnn')!)).arrayBuffer());
    bytes[12345] = bytes[12345]! ^ 0x10;
    const url = URL.createObjectURL(new Blob([bytes]));
    const before = tf.memory().numTensors;
    const err = (await loadPretrained('mnist-cnn', { weightsUrl: url }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(PretrainedWeightsError);
    expect(err.message).toContain(`the manifest says ${entry.storage.sha256}: corrupt file`);
    expect(tf.memory().numTensors).toBe(before);
    URL.revokeObjectURL(url);
  });
});
