// tfjs-layers is a dev dependency for this test only (Node: it is not pre-bundled for the browser run).
import { describe, expect, it } from 'vitest';
import * as tfl from '@tensorflow/tfjs-layers';
import { tf, Rng } from '@dl/core';
import { describeBackends, expectNoLeak } from '@dl/core/testing';
import { kaimingUniform, kaimingStd, orthogonal, toTfjsInitializer, xavierUniform, zeros } from '../src/index.js';
import { moments } from './helpers.js';

describeBackends('toTfjsInitializer', () => {
  it('works as kernelInitializer of a tfjs-layers dense layer', async () => {
    const layer = tfl.layers.dense({ units: 256, inputShape: [512], kernelInitializer: toTfjsInitializer(kaimingUniform, { nonlinearity: 'relu', seed: 0 }), biasInitializer: toTfjsInitializer(zeros) });
    const model = tfl.sequential({ layers: [layer] });
    const [kernel, bias] = model.getWeights();
    expect(kernel!.shape).toEqual([512, 256]);
    const m = await moments(kernel!);
    const bound = Math.sqrt(3) * kaimingStd([512, 256], { nonlinearity: 'relu' });
    expect(Math.max(m.max, -m.min)).toBeLessThanOrEqual(Math.fround(bound));
    expect(Math.abs(m.std - bound / Math.sqrt(3))).toBeLessThan(0.01 * bound / Math.sqrt(3));
    expect((await moments(bias!)).max).toBe(0);
    const config = JSON.parse(JSON.stringify(model.getConfig())) as { layers: { config: { kernelInitializer: unknown } }[] };
    expect(config.layers[0]!.config.kernelInitializer).toEqual({ className: 'DlInitializer', config: { init: 'kaimingUniform', options: { nonlinearity: 'relu', seed: 0 } } });
    model.layers.forEach((l) => l.dispose());
  });

  it('is reproducible from a seed, and one initializer gives two layers different weights', async () => {
    const make = (seed: number | Rng) => toTfjsInitializer(xavierUniform, { seed });
    const init = make(1);
    const a = expectNoLeak(() => init.apply([4, 3]));
    const b = init.apply([4, 3]);
    const c = make(1).apply([4, 3]);
    const [va, vb, vc] = await Promise.all([a.data(), b.data(), c.data()]);
    expect(Array.from(vc)).toEqual(Array.from(va));
    expect(Array.from(vb)).not.toEqual(Array.from(va));
    tf.dispose([a, b, c]);
  });

  it('orthogonal kernels through a conv2d layer', async () => {
    const conv = tfl.layers.conv2d({ filters: 8, kernelSize: 3, inputShape: [5, 5, 2], kernelInitializer: toTfjsInitializer('orthogonal', { seed: 2 }) });
    const y = conv.apply(tf.ones([1, 5, 5, 2])) as tf.Tensor;
    const [kernel] = conv.getWeights();
    expect(kernel!.shape).toEqual([3, 3, 2, 8]);
    const direct = orthogonal([3, 3, 2, 8], { seed: 2 });
    expect(Array.from(await kernel!.data())).toEqual(Array.from(await direct.data()));
    tf.dispose([y, direct]);
    conv.dispose();
  });
});

describe('toTfjsInitializer options', () => {
  it('validates the options now and rejects foreign functions', () => {
    expect(() => toTfjsInitializer(xavierUniform, { gain: -1 })).toThrow(/xavierUniform: gain must be >= 0/);
    expect(() => toTfjsInitializer((s: number[]) => tf.zeros(s))).toThrow(/toTfjsInitializer: init must be an @dl\/init initializer or its name/);
    expect(() => toTfjsInitializer('nope' as 'zeros')).toThrow(TypeError);
  });
});
