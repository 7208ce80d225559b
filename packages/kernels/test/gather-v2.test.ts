import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, rand, runStockCpu, setup, tf } from './helpers.js';

beforeAll(setup);

async function gather(backend: 'cpu' | 'wasm', x: tf.Tensor, indices: number[], axis: number, batchDims = 0) {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const xs = tf.tensor(x.dataSync(), x.shape, x.dtype);
    return tf.engine().runKernel('GatherV2', { x: xs, indices: tf.tensor(indices, [indices.length], 'int32') }, { axis, batchDims });
  });
}

describe('GatherV2 [wasm]', () => {
  const values = rand(4 * 3 * 5, 91);
  const shape = [4, 3, 5];
  for (const axis of [0, 1, 2, -1]) {
    it(`axis ${axis}, repeated and reordered indices`, async () => {
      const x = tf.tensor(values, shape);
      const dim = x.shape[axis < 0 ? 2 : axis]!;
      const indices = [dim - 1, 0, 1, 0];
      const ours = (await gather('wasm', x, indices, axis)) as tf.Tensor;
      const stock = await runStockCpu('GatherV2', { x: { shape: x.shape, values: x.dataSync() as Float32Array }, indices: { shape: [4], values: new Float32Array(indices) } }, { axis, batchDims: 0 });
      expect(ours.shape).toEqual(x.shape.map((d, i) => (i === (axis < 0 ? 2 : axis) ? 4 : d)));
      expectClose(ours.dataSync() as Float32Array, stock, 0, 0);
      tf.dispose([ours, x]);
    });
  }

  it('gathers int32 and bool tensors as they are', async () => {
    const ints = tf.tensor([[1, 2], [3, 4], [5, 6]], [3, 2], 'int32');
    const picked = (await gather('wasm', ints, [2, 0], 0)) as tf.Tensor;
    expect(picked.dtype).toBe('int32');
    expect(picked.arraySync()).toEqual([[5, 6], [1, 2]]);
    const bools = tf.tensor([true, false, true], [3], 'bool');
    const b = (await gather('wasm', bools, [1, 2], 0)) as tf.Tensor;
    expect(b.dtype).toBe('bool');
    expect(b.arraySync()).toEqual([0, 1]);
    tf.dispose([ints, picked, bools, b]);
  });

  it('throws on an index out of range, and leaks nothing', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor(values, shape);
    const before = tf.memory().numTensors;
    // The backend's own count: the kernel's output buffer is not an engine tensor yet.
    const dataIds = tf.backend().numDataIds();
    await expect(gather('wasm', x, [0, 4], 0)).rejects.toThrow(/GatherV2: the index value 4 is not in \[0, 3\]/);
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.backend().numDataIds()).toBe(dataIds);
    x.dispose();
  });

  it('leaves batchDims to the stock kernel', async () => {
    await tf.setBackend('wasm');
    const y = tf.tidy(() => tf.gather(tf.tensor([[1, 2, 3], [4, 5, 6]]), tf.tensor([[2, 0], [1, 1]], [2, 2], 'int32'), 1, 1));
    expect(y.arraySync()).toEqual([[3, 1], [5, 5]]);
    y.dispose();
  });
});
