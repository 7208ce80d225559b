import { beforeAll, describe, expect, it } from 'vitest';
import { isTrainingKernelRegistered } from '../src/index.js';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { setup, tf } from './helpers.js';

beforeAll(setup);

describe('Identity [wasm]', () => {
  it('is registered, and a clone reads the same values for every dtype', async () => {
    await tf.setBackend('wasm');
    expect(isTrainingKernelRegistered('Identity', 'wasm')).toBe(true);
    for (const [values, dtype] of [[[1.5, -2, 3], 'float32'], [[1, -2, 3], 'int32'], [[1, 0, 1], 'bool']] as const) {
      const x = tf.tensor(values as unknown as number[], [3], dtype);
      const y = tf.clone(x);
      expect(y.dtype).toBe(dtype);
      expect(y.shape).toEqual([3]);
      expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()));
      tf.dispose([x, y]);
    }
  });

  it('shares the buffer: no bytes are added, and they are freed with the last tensor', async () => {
    await tf.setBackend('wasm');
    const start = tf.memory();
    const dataIds = tf.backend().numDataIds();
    const x = tf.tensor([1, 2, 3, 4], [2, 2]);
    const bytes = tf.memory().numBytes;
    const y = tf.clone(x);
    expect(tf.backend().numDataIds()).toBe(dataIds + 1);
    x.dispose();
    // The clone outlives the tensor it was cloned from.
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
    expect(tf.memory().numBytes).toBe(bytes);
    y.dispose();
    expect(tf.backend().numDataIds()).toBe(dataIds);
    expect(tf.memory().numTensors).toBe(start.numTensors);
  });

  it('keeps gradients that pass dy through Identity equal to the stock cpu ones', async () => {
    const grads = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const x = tf.tensor([0.5, -1, 2, 3], [2, 2]);
        const b = tf.tensor([0.25, -0.75]);
        const g = tf.grads((a: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(tf.add(a, c), tf.add(a, c))))([x, b]);
        return g.map((t) => Array.from(t.dataSync()));
      });
    };
    expect(await grads('wasm')).toEqual(await grads('cpu'));
  });
});
