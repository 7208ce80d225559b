import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { cnn, listPretrained, loadPretrainedWeights } from '../src/index.js';

describe('loadPretrainedWeights', () => {
  it('gives float32 tensors named and shaped as the architecture, owned by the caller', async () => {
    const entry = listPretrained().find((e) => e.name === 'fashion-5-9')!;
    const before = tf.memory().numTensors;
    const weights = await loadPretrainedWeights('fashion-5-9');
    const net = cnn(0, entry.architecture.args.classes);
    const live = { ...net.parameters(), ...net.buffers() };
    expect(Object.keys(weights).sort()).toEqual(Object.keys(live).sort());
    for (const [k, v] of Object.entries(live)) {
      expect(weights[k]!.shape, k).toEqual(v.shape);
      expect(weights[k]!.dtype, k).toBe(v.dtype);
    }
    // batch norm's running variance is positive, the running mean is not all zeros: trained values
    expect(Math.min(...(await weights['1.runningVar']!.data()))).toBeGreaterThan(0);
    expect(Math.max(...Array.from(await weights['1.runningMean']!.data(), Math.abs))).toBeGreaterThan(0);
    net.dispose();
    tf.dispose(Object.values(weights));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an unknown name', async () => {
    await expect(loadPretrainedWeights('mnist')).rejects.toThrow("loadPretrainedWeights: no pretrained model named 'mnist' (did you mean 'mnist-cnn'?)");
  });
});
