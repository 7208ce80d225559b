import { expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, testBackends } from '@dl/core/testing';
import { conv2d, batchNorm2d, dense, flatten, maxPool2d, relu, sequential } from '@dl/layers';
import { Optimizer, sgd } from '@dl/optim';
import { fit } from '@dl/train';
import { featureExtractor, fineTune, freeze, gradualUnfreezing, replaceHead, trainableParameters } from '../src/index.js';
import * as tfl from '@tensorflow/tfjs-layers';
import { fromLayersModel, toArtifacts } from '../src/tfjs.js';
import { images } from './support.js';
import { smallLayersModel } from './tfjs-support.js';

// The long loops run on cpu and wasm (as other packages' 1000-step leak loops).
const backends = testBackends().filter((b) => b === 'cpu' || b === 'wasm');

const tiny = () => sequential(conv2d(1, 2, 3, { padding: 1, seed: 1 }), batchNorm2d(2), relu, maxPool2d(2), flatten(), dense(32, 3, { seed: 2 }));

describeBackends(
  'no tensor leaks',
  () => {
    it('500 fineTune steps (phase 1 and 2, one-cycle, BN policy train) leave only the optimizer state, freed by dispose', async () => {
      const m = tiny();
      const data = images(16);
      const before = tf.memory().numTensors;
      const r = await fineTune({ model: m, data, freezeEpochs: 1, epochs: 62, batchSize: 2, rng: 0, logEvery: 100 });
      expect(r.optimizer.steps).toBe(8 + 62 * 8);
      r.optimizer.dispose();
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([data.x, data.y]);
      m.dispose();
    }, 300_000);

    it('gradual unfreezing under fit, feature cache fill and dispose, replaceHead', async () => {
      const m = tiny();
      const data = images(16);
      const before = tf.memory().numTensors;
      freeze(m, 5);
      const opt = new Optimizer(sgd({ lr: 0.05, momentum: 0.9 }), trainableParameters(m));
      await fit({ model: m, optimizer: opt, data, epochs: 3, batchSize: 4, rng: 0, callbacks: [gradualUnfreezing()] });
      opt.dispose();
      expect(tf.memory().numTensors).toBe(before);
      const fe = featureExtractor(m, { upTo: 4 });
      await fe.cached(data.x, { batchSize: 3 });
      await fe.cached(data.x);
      (await fe.predict(data.x, { batchSize: 5 })).dispose();
      fe.dispose();
      expect(tf.memory().numTensors).toBe(before);
      const head = dense(32, 5, { seed: 3 });
      const out = replaceHead(m, head); // frees the old dense (2 variables), adds the new one (2)
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([data.x, data.y]);
      out.dispose();
    });
  

    it('adapter round trip: wrap, fit 5 steps, save, load, dispose all', async () => {
      const before = tf.memory().numTensors;
      const model = smallLayersModel();
      const m = fromLayersModel(model, { bnPolicy: 'eval' });
      const x = tf.randomNormal([10, 6, 6, 1], 0, 1, 'float32', 2);
      const y = tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0], 'int32');
      const opt = new Optimizer(sgd({ lr: 0.1, momentum: 0.9 }), trainableParameters(m));
      await fit({ model: m, optimizer: opt, data: { x, y }, epochs: 1, batchSize: 2, rng: 0 });
      expect(opt.steps).toBe(5);
      const loaded = await tfl.loadLayersModel(tf.io.fromMemory(await toArtifacts(m)));
      opt.dispose();
      loaded.dispose();
      model.dispose();
      tf.dispose([x, y]);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('every bad-input path throws before a tensor is made', async () => {
      const m = tiny();
      const data = images(4);
      const model = smallLayersModel();
      const before = tf.memory().numTensors;
      const a = fromLayersModel(model);
      const made = tf.memory().numTensors;
      expect(made).toBe(before); // wrapping adopts the model's variables
      expect(() => freeze(m, 'conv')).toThrow(/closest are/);
      expect(() => freeze(m, 2, { bnPolicy: 'none' as never })).toThrow(/bnPolicy must be one of/);
      expect(() => replaceHead(m, dense(31, 3))).toThrow(/the head takes 31 features/);
      expect(() => fromLayersModel({ executeAsync: () => 0, modelSignature: {} } as never)).toThrow(/GraphModel/);
      expect(() => featureExtractor(a, { upTo: 'nope' })).toThrow(/no layer named 'nope'/);
      await expect(fineTune({ model: m, data, epochs: 1, bnPolicy: 'eval' })).rejects.toThrow(/bnPolicy applies with trainBn: false/);
      // dense(31, 3) above made its 2 variables before replaceHead refused it: the caller's to free
      expect(tf.memory().numTensors).toBe(made + 2);
      model.dispose();
      tf.dispose([data.x, data.y]);
      m.dispose();
    });
  },
  backends,
);
