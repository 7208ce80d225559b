import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf, useBackend } from '@dl/core';
import { describeBackends, expectTensorsClose, testBackends } from '@dl/core/testing';
import { loadFashionMnist, loadMnist } from '@dl/datasets/node';
import { listPretrained, loadPretrained, PretrainedWeightsError } from '../src/index.js';
import { accuracyOf, testSlice } from './support.js';

// Each model by name, on each Node backend: its accuracy on the first `check.images` test images
// (the manifest's `metrics.check`, measured by make.mjs on the stored weights) must match within
// TOL_CHECK = 2 images in 500 (backends sum in different orders, which can flip a borderline image),
// and lie within TOL_TEST = 0.05 (about 4 standard errors of a 500-image estimate) of the
// manifest's full test-set accuracy.
const TOL_CHECK = 2 / 500;
const TOL_TEST = 0.05;

const slices = new Map<string, { x: tf.Tensor; y: tf.Tensor }>();
beforeAll(async () => {
  for (const e of listPretrained()) slices.set(e.name, await testSlice(e, e.metrics.check.images, { loadMnist, loadFashionMnist }));
});
afterAll(() => {
  for (const s of slices.values()) tf.dispose([s.x, s.y]);
});

// The 500-image checks run where a CNN forward pass is fast (cpu, wasm); on WebGPU (Dawn on
// SwiftShader, a CPU emulation here) the loaded network is compared with cpu's logits on a few images.
const fast = testBackends().filter((b) => b === 'cpu' || b === 'wasm');
const gpu = testBackends().filter((b) => b !== 'cpu' && b !== 'wasm');

describeBackends('loadPretrained', () => {
  for (const entry of listPretrained()) {
    it(`'${entry.name}': test accuracy on the first ${entry.metrics.check.images} images matches the manifest`, async () => {
      const before = tf.memory().numTensors;
      const model = await loadPretrained(entry.name);
      expect(model.training).toBe(false);
      const { x, y } = slices.get(entry.name)!;
      expect(y.shape[0]).toBe(entry.metrics.check.images);
      const acc = await accuracyOf(model, x, y);
      expect(Math.abs(acc - entry.metrics.check.accuracy)).toBeLessThanOrEqual(TOL_CHECK + 1e-9);
      expect(Math.abs(acc - entry.metrics.testAccuracy)).toBeLessThan(TOL_TEST);
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }
}, fast);

describeBackends('loadPretrained (GPU backends: the cpu logits on 16 images)', (backend) => {
  it("'fashion-cnn' gives cpu's logits within 1e-3", async () => {
    // plain numbers, so that no tensor crosses backends (WebGPU in Node has no synchronous readback)
    const pixels = (await slices.get('fashion-cnn')!.x.data()).slice(0, 16 * 784);
    await useBackend('cpu');
    const cpuModel = await loadPretrained('fashion-cnn');
    const expected = tf.tidy(() => cpuModel.apply(tf.tensor4d(pixels, [16, 28, 28, 1])));
    const want = await expected.array();
    expected.dispose();
    cpuModel.dispose();
    await useBackend(backend);
    const before = tf.memory().numTensors;
    const model = await loadPretrained('fashion-cnn');
    const got = tf.tidy(() => model.apply(tf.tensor4d(pixels, [16, 28, 28, 1])));
    await expectTensorsClose(got, want as number[][], { rtol: 1e-3, atol: 1e-3 });
    got.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
}, gpu);

describe('loadPretrained (errors, memory)', () => {
  it('an unknown name lists the zoo and the closest name, before reading anything', async () => {
    const before = tf.memory().numTensors;
    const err = (await loadPretrained('fashion-cnm').catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(RangeError);
    expect((err as Error).message).toBe(
      "loadPretrained: no pretrained model named 'fashion-cnm' (did you mean 'fashion-cnn'?); the zoo has 'fashion-cnn', 'mnist-cnn', 'fashion-0-4', 'fashion-5-9', 'autoencoder-encoder', 'contrastive-encoder'",
    );
    await expect(loadPretrained(42 as never)).rejects.toThrow(TypeError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('bad options throw before anything is read', async () => {
    await expect(loadPretrained('fashion-cnn', { weightUrl: 'x' } as never)).rejects.toThrow("loadPretrained: unknown option 'weightUrl' (allowed: weightsUrl)");
    await expect(loadPretrained('fashion-cnn', { weightsUrl: 3 } as never)).rejects.toThrow('weightsUrl must be a string or a URL');
    await expect(loadPretrained('fashion-cnn', null as never)).rejects.toThrow(TypeError);
  });

  it('a missing file is a PretrainedWeightsError naming the model and the file', async () => {
    const err = (await loadPretrained('mnist-cnn', { weightsUrl: '/nonexistent/mnist-cnn.bin' }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(PretrainedWeightsError);
    expect((err as Error).message).toMatch(/^loadPretrained: 'mnist-cnn': cannot read \/nonexistent\/mnist-cnn\.bin: ENOENT/);
  });

  it('the stored weights load as float32 into every parameter and buffer, and nothing leaks over repeated loads', async () => {
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const model = await loadPretrained('fashion-0-4');
      const live = { ...model.parameters(), ...model.buffers() };
      expect(Object.keys(live).length).toBeGreaterThan(10);
      expect(live['13.kernel']!.shape).toEqual([128, 5]);
      expect(live['0.kernel']!.dtype).toBe('float32');
      model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
