import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectTensorsClose, testBackends } from '@dl/core/testing';
import { loadFashionMnist } from '@dl/datasets/node';
import { dense } from '@dl/layers';
import { Optimizer, adam } from '@dl/optim';
import { fit } from '@dl/train';
import * as tfl from '@tensorflow/tfjs-layers';
import { featureExtractor, freeze, resetClassifier, trainableParameters } from '../src/index.js';
import { fromLayersModel, splitLayersModel } from '../src/tfjs.js';
import { loadLayersModelFiles, saveLayersModel } from '../src/node.js';
import { loadNsfwjsMobileNetV2 } from './nsfwjs.js';

// The real pretrained network of issue 13 on wasm (the embedded default); 224x224 on 2 cores is
// slow, so 64 images and features cached below the cut.
const backends = testBackends().filter((b) => b === 'wasm');

/** 64 Fashion-MNIST test images as MobileNetV2 inputs: 224x224, 3 channels, pixels in [0, 1] (nsfwjs's /255). */
async function fashion224(n: number) {
  const d = await loadFashionMnist({ split: 'test', limit: n });
  const x = tf.tidy(() => tf.tile(tf.image.resizeBilinear(d.images as tf.Tensor4D, [224, 224], true), [1, 1, 1, 3]));
  tf.dispose(d.images);
  return { x, y: d.labels };
}

describeBackends(
  'nsfwjs MobileNetV2 (a real pretrained LayersModel)',
  () => {
    it('offline load, 1280-d CNN codes, a new head on cached features, the last blocks fine-tuned from cached block_13 features, saved and reloaded by plain tf.loadLayersModel', async () => {
      const model = await loadNsfwjsMobileNetV2();
      expect(model.layers.length).toBe(162);
      const m = fromLayersModel(model);
      const frozenLayers = model.layers.filter((l) => !l.trainable && l.getClassName() !== 'InputLayer').length; // Conv1 ... block_10_project_BN
      expect(frozenLayers).toBe(98);
      expect(Object.keys(m.parameters()).length).toBe(Object.keys(trainableParameters(m)).length + Object.entries(m.parameters()).filter(([, v]) => !v.trainable).length);
      expect(m.parameters()['block_16_project_BN.gamma']).toBeDefined();
      const { x, y } = await fashion224(64);

      // 1. features at flatten_1 and a new linear head on them
      const codes = featureExtractor(m, { upTo: 'flatten_1' });
      const f = await codes.cached(x, { batchSize: 16 });
      expect(f.shape).toEqual([64, 1280]);
      const head = dense(1280, 10, { seed: 0 });
      const headOpt = new Optimizer(adam({ lr: 1e-3 }), head.parameters());
      const r1 = await fit({ model: head, optimizer: headOpt, data: { x: f, y }, epochs: 20, batchSize: 64, rng: 0 });
      expect(r1.history.epochs.at(-1)!.loss).toBeLessThan(r1.history.epochs[0]!.loss * 0.8);
      codes.dispose();
      head.dispose();
      headOpt.dispose();

      // 2. a new classifier; everything up to block_13 frozen with running statistics ('eval'),
      //    the tail (blocks 14-16, Conv_1, the head) trained on cached block_13_project_BN features
      const net = resetClassifier(m, 10, { seed: 1 });
      const cutAt = net.endpoints.indexOf('block_13_project_BN');
      freeze(net, cutAt + 1, { bnPolicy: 'eval' });
      const { backbone, tail } = splitLayersModel(net, 'block_13_project_BN');
      const cache = featureExtractor(backbone, { upTo: 'block_13_project_BN' });
      const f13 = await cache.cached(x, { batchSize: 16 });
      expect(f13.shape).toEqual([64, 7, 7, 160]);
      const tailOpt = new Optimizer(adam({ lr: 1e-4 }), trainableParameters(tail));
      expect(Object.keys(tailOpt.variables)).toContain('block_16_project.kernel');
      const r2 = await fit({ model: tail, optimizer: tailOpt, data: { x: f13, y }, epochs: 3, batchSize: 16, rng: 0 });
      expect(r2.history.epochs.at(-1)!.loss).toBeLessThan(r2.history.epochs[0]!.loss);
      cache.dispose();
      tailOpt.dispose();

      // 3. the fine-tuned network (shared variables: net sees the tail's training) saved and reloaded
      const dir = await mkdtemp(join(tmpdir(), 'dl-transfer-'));
      try {
        const { bytes } = await saveLayersModel(net, dir);
        expect(bytes).toBe(4 * Object.values({ ...net.parameters(), ...net.buffers() }).reduce((s, v) => s + v.size, 0));
        const probe = tf.slice(x, 0, 4);
        const ours = net.apply(probe, { training: false });
        // plain TF.js from the two files
        const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
        const bin = await readFile(join(dir, 'group1-shard1of1.bin'));
        const plain = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) }));
        const theirs = plain.predict(probe) as tf.Tensor;
        await expectTensorsClose(theirs, ours, { rtol: 0, atol: 0 });
        const viaHelper = await loadLayersModelFiles(join(dir, 'model.json'));
        const again = viaHelper.predict(probe) as tf.Tensor;
        await expectTensorsClose(again, ours, { rtol: 0, atol: 0 });
        // the freeze is in the saved config: layers with weights up to the cut frozen, after it trainable
        const withWeights = plain.layers.map((l, i) => ({ l, i })).filter(({ l }) => l.weights.length > 0);
        expect(withWeights.filter(({ l, i }) => (i <= cutAt ? l.trainable : !l.trainable)).map(({ l }) => l.name)).toEqual([]);
        tf.dispose([probe, ours, theirs, again]);
        plain.dispose();
        viaHelper.dispose();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      tf.dispose([x, y]);
      // net shares the original's layers (resetClassifier freed the replaced ones): disposing it frees them all
      net.model.dispose();
    }, 600_000);
  },
  backends,
);
