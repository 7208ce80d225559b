import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectTensorsClose } from '@dl/core/testing';
import { dense, relu, sequential } from '@dl/layers';
import { Optimizer, sgd } from '@dl/optim';
import { fit } from '@dl/train';
import * as tfl from '@tensorflow/tfjs-layers';
import { featureExtractor, freeze, parameterBlocks, replaceHead, resetClassifier, selectParameters, trainableParameters, unfreeze } from '../src/index.js';
import { fromLayersModel, toArtifacts } from '../src/tfjs.js';
import { smallLayersModel } from './tfjs-support.js';

const x6 = (n: number, seed = 0) => tf.randomNormal([n, 6, 6, 1], 0, 1, 'float32', seed);
const read = async (v: tf.Tensor) => Array.from(await v.data());

describe('fromLayersModel: structure, flags, errors', () => {
  it('names parameters and buffers by layer, freezes the layers saved trainable: false, exposes layer names', () => {
    const model = smallLayersModel();
    const m = fromLayersModel(model);
    expect(Object.keys(m.parameters())).toEqual(['conv.kernel', 'conv.bias', 'bn.gamma', 'bn.beta', 'fc.kernel', 'fc.bias']);
    expect(Object.keys(m.buffers())).toEqual(['bn.moving_mean', 'bn.moving_variance']);
    expect(m.endpoints).toEqual(['input1', 'conv', 'bn', 'act', 'gap', 'fc'].map((n, i) => (i === 0 ? model.layers[0]!.name : n)));
    expect(Object.keys(trainableParameters(m))).toEqual(['fc.kernel', 'fc.bias']);
    // the variables are the model's own (tfjs-layers 4.22's _trainableWeights: this fails if the field goes)
    expect(m.parameters()['fc.kernel']).toBe((model.getLayer('fc') as unknown as { _trainableWeights: { read(): tf.Variable }[] })._trainableWeights[0]!.read());
    expect(parameterBlocks(m).map((b) => b.map((n) => n.split('.')[0]))).toEqual([['conv', 'conv', 'bn', 'bn'], ['fc', 'fc']]);
    expect(selectParameters(m, 2)).toEqual(['conv.kernel', 'conv.bias']); // input layer + conv
    unfreeze(m, 'conv');
    expect(model.getLayer('conv').trainable).toBe(true); // mirrored into the saved config
    freeze(m, ['conv']);
    expect(model.getLayer('conv').trainable).toBe(false);
    expect(() => freeze(m, 'convv')).toThrow(/^freeze: no layer or parameter named 'convv'; the closest are 'conv', /);
    m.dispose(); // leaves the model's variables to the model
    expect(m.parameters()['fc.kernel']!.isDisposed).toBe(false);
    model.dispose();
  });

  it('refuses a GraphModel and anything else before any tensor is made', () => {
    const before = tf.memory().numTensors;
    const graph = { executeAsync: async () => undefined, modelSignature: {}, inputs: [] };
    const msg = 'fromLayersModel: got a tf.GraphModel: a frozen inference graph (no layers, no trainable variables, no training mode) cannot be fine-tuned; load the Keras/LayersModel form with tf.loadLayersModel';
    expect(() => fromLayersModel(graph as never)).toThrow(msg);
    expect(() => fromLayersModel({ format: 'graph-model', modelTopology: {} } as never)).toThrow(msg);
    expect(() => fromLayersModel({} as never)).toThrow('fromLayersModel: model must be a tf.LayersModel (from tf.loadLayersModel or tf.model), got an object');
    const model = smallLayersModel();
    const made = tf.memory().numTensors;
    expect(() => fromLayersModel(model, { bnPolicy: 'keras' as never })).toThrow("fromLayersModel: bnPolicy must be one of 'train', 'frozen-affine', 'eval', got 'keras'");
    expect(tf.memory().numTensors).toBe(made);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describeBackends('fromLayersModel: training mode and batch-norm policy', () => {
  it("'eval' leaves the moving statistics and equals inference; 'frozen-affine' updates them with gamma fixed; fit trains the head only", async () => {
    const x = x6(8);
    const y = tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32');
    for (const policy of ['eval', 'frozen-affine'] as const) {
      const model = smallLayersModel();
      const m = fromLayersModel(model, { bnPolicy: policy });
      const mean0 = await read(m.buffers()['bn.moving_mean']!);
      const inference = m.apply(x, { training: false });
      const training = m.apply(x, { training: true });
      const mean1 = await read(m.buffers()['bn.moving_mean']!);
      if (policy === 'eval') {
        await expectTensorsClose(training, inference, { rtol: 1e-6, atol: 1e-6 });
        expect(mean1).toEqual(mean0);
      } else {
        expect(Math.max(...(await read(tf.abs(tf.sub(training, inference)))))).toBeGreaterThan(1e-3);
        expect(mean1).not.toEqual(mean0);
      }
      const gamma0 = await read(m.parameters()['bn.gamma']!);
      const conv0 = await read(m.parameters()['conv.kernel']!);
      const fc0 = await read(m.parameters()['fc.kernel']!);
      const opt = new Optimizer(sgd({ lr: 0.1, momentum: 0.9 }), trainableParameters(m));
      const r = await fit({ model: m, optimizer: opt, data: { x, y }, epochs: 4, batchSize: 4, rng: 0 });
      expect(r.history.epochs.at(-1)!.loss).toBeLessThan(r.history.epochs[0]!.loss);
      expect(await read(m.parameters()['bn.gamma']!)).toEqual(gamma0);
      expect(await read(m.parameters()['conv.kernel']!)).toEqual(conv0);
      expect(await read(m.parameters()['fc.kernel']!)).not.toEqual(fc0);
      tf.dispose([inference, training]);
      opt.dispose();
      model.dispose();
    }
    tf.dispose([x, y]);
  });
});

describe('surgery on a TF.js model', () => {
  it('featureExtractor at a layer name, replaceHead (width checked), resetClassifier, toArtifacts round trip through plain tf.loadLayersModel', async () => {
    const model = smallLayersModel();
    const m = fromLayersModel(model);
    const x = x6(5, 3);
    const fe = featureExtractor(m, { upTo: 'gap' });
    const codes = fe.apply(x);
    expect(codes.shape).toEqual([5, 4]);
    expect(() => featureExtractor(m, { upTo: 'gp' })).toThrow("featureExtractor: no layer named 'gp'; the closest are 'gap', 'bn', 'fc'");
    const wide = dense(8, 2);
    expect(() => replaceHead(m, wide)).toThrow("replaceHead: the head takes 8 features (dense.inFeatures) but the backbone gives 4 at 'gap'");
    expect(wide.kernel.isDisposed).toBe(false);
    wide.dispose();
    const next = replaceHead(m, sequential(dense(4, 6, { seed: 1 }), relu, dense(6, 2, { seed: 2 })));
    const out = next.apply(x, { training: false });
    expect(out.shape).toEqual([5, 2]);
    // the new head's weights are the @dl layers' values, the backbone's are shared
    expect(next.parameters()['conv.kernel']).toBe(m.parameters()['conv.kernel']);
    const reset = resetClassifier(next, 7, { seed: 3 });
    const logits = reset.apply(x, { training: false });
    expect(logits.shape).toEqual([5, 7]);
    const artifacts = await toArtifacts(reset);
    const topo = JSON.stringify(artifacts.modelTopology);
    expect(topo).toContain('"trainable":false');
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
    const again = loaded.predict(x) as tf.Tensor;
    await expectTensorsClose(again, logits, { rtol: 0, atol: 0 });
    expect(loaded.getLayer('conv').trainable).toBe(false);
    // quantized write-back: every weight within half a step (uint8) or float16's rounding of the float32 one
    for (const quantize of ['uint8', 'float16'] as const) {
      const q = await toArtifacts(reset, { quantize });
      expect(q.weightSpecs!.every((w) => w.quantization?.dtype === quantize)).toBe(true);
      const elements = q.weightSpecs!.reduce((n, w) => n + w.shape.reduce((a, d) => a * d, 1), 0);
      expect((q.weightData as ArrayBuffer).byteLength).toBe(elements * (quantize === 'uint8' ? 1 : 2));
      const back = await tfl.loadLayersModel(tf.io.fromMemory(q));
      for (const layer of back.layers) {
        const mine = reset.model.getLayer(layer.name).getWeights();
        const theirs = layer.getWeights();
        for (let i = 0; i < mine.length; i++) {
          const a = await mine[i]!.data();
          const b = await theirs[i]!.data();
          const spec = q.weightSpecs!.find((w) => w.name === (layer.weights[i] as unknown as { originalName: string }).originalName)!;
          const step = quantize === 'uint8' ? (spec.quantization as { scale: number }).scale / 2 : 0;
          for (let j = 0; j < a.length; j++) expect(Math.abs(a[j]! - b[j]!)).toBeLessThanOrEqual(quantize === 'uint8' ? step * (1 + 1e-5) + 1e-7 : Math.abs(a[j]!) * 2 ** -11 + 6e-8);
        }
        // getWeights() returns the layers' own variables: nothing to free
      }
      back.dispose();
    }
    await expect(toArtifacts(reset, { quantize: 'int4' as never })).rejects.toThrow('toArtifacts: quantize must be \'uint8\' or \'float16\', got "int4"');
    tf.dispose([x, codes, out, logits, again]);
    fe.dispose();
    loaded.dispose();
    reset.model.dispose();
  });
});
