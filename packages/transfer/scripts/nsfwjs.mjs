// Measures nsfwjs@4.4.0's MobileNetV2 as a pretrained backbone on Fashion-MNIST, on wasm in Node:
// 1280-d CNN codes at flatten_1 + a linear head (the fast path), and the last blocks (14-16,
// Conv_1) fine-tuned with a new classifier from cached block_13_project_BN features.
//   pnpm exec turbo run build --filter=@dl/transfer... && node packages/transfer/scripts/nsfwjs.mjs [train] [test] [tail bn policy: eval | frozen-affine | train | none]
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { tf, useBackend } from '@dl/core';
import { loadFashionMnist } from '@dl/datasets/node';
import { dense } from '@dl/layers';
import { Optimizer, adam } from '@dl/optim';
import { evaluate, fit } from '@dl/train';
import * as tfl from '@tensorflow/tfjs-layers';
import { featureExtractor, freeze, resetClassifier, trainableParameters } from '@dl/transfer';
import { fromLayersModel, splitLayersModel } from '@dl/transfer/tfjs';

const nTrain = Number(process.argv[2] ?? 512);
const nTest = Number(process.argv[3] ?? 256);
const backend = await useBackend('wasm');
const req = createRequire(import.meta.url);
const dir = join(dirname(req.resolve('nsfwjs')), '..', 'models', 'mobilenet_v2');
const json = req(join(dir, 'model.min.js'));
const bytes = Buffer.from(req(join(dir, 'group1-shard1of1.min.js')), 'base64');
const model = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }));
const m = fromLayersModel(model);

async function images(split, n) {
  const d = await loadFashionMnist({ split, limit: n });
  const x = tf.tidy(() => tf.tile(tf.image.resizeBilinear(d.images, [224, 224], true), [1, 1, 1, 3]));
  d.images.dispose();
  return { x, y: d.labels };
}
const train = await images('train', nTrain);
const test = await images('test', nTest);
const secs = (t) => ((performance.now() - t) / 1000).toFixed(1);

let t = performance.now();
const codes = featureExtractor(m, { upTo: 'flatten_1' });
const fTrain = await codes.cached(train.x, { batchSize: 32 });
const fTest = await codes.cached(test.x, { batchSize: 32 });
console.log(`features: ${nTrain + nTest} images -> [N, ${fTrain.shape[1]}] at flatten_1 in ${secs(t)} s (${backend})`);
t = performance.now();
const head = dense(1280, 10, { seed: 0 });
const headOpt = new Optimizer(adam({ lr: 1e-3 }), head.parameters());
await fit({ model: head, optimizer: headOpt, data: { x: fTrain, y: train.y }, epochs: 30, batchSize: 64, rng: 0 });
const rHead = await evaluate(head, { x: fTest, y: test.y });
console.log(`linear head on the codes: test accuracy ${rHead.accuracy.toFixed(4)} (30 epochs, ${secs(t)} s)`);
codes.dispose();

t = performance.now();
const net = resetClassifier(m, 10, { seed: 1 });
freeze(net, net.endpoints.indexOf('block_13_project_BN') + 1, { bnPolicy: 'eval' });
const { backbone, tail } = splitLayersModel(net, 'block_13_project_BN');
const cache = featureExtractor(backbone, { upTo: 'block_13_project_BN' });
const cTrain = await cache.cached(train.x, { batchSize: 32 });
const cTest = await cache.cached(test.x, { batchSize: 32 });
console.log(`block_13_project_BN features ${cTrain.shape.slice(1).join('x')} cached in ${secs(t)} s`);
t = performance.now();
// the tail's batch norms in inference mode too (tf.keras's advice): with Keras's momentum 0.999 their
// moving statistics would lag far behind the weights being trained ('bnPolicy' of the README)
// ('none': they train as every other layer of the tail)
const bnPolicy = process.argv[4] ?? 'eval';
if (bnPolicy !== 'none') freeze(tail, /(_BN|_bn)\./, { bnPolicy });
const tailOpt = new Optimizer(adam({ lr: 1e-4 }), trainableParameters(tail));
const r = await fit({ model: tail, optimizer: tailOpt, data: { x: cTrain, y: train.y }, epochs: 5, batchSize: 32, rng: 0 });
const rTail = await evaluate(tail, { x: cTest, y: test.y });
const sps = r.history.epochs.reduce((s, e) => s + e.samplesPerSecond, 0) / r.history.epochs.length;
console.log(`tail fine-tuned (blocks 14-16, Conv_1, new classifier; ${Object.keys(tailOpt.variables).length} tensors; its batch norms '${bnPolicy}'): test accuracy ${rTail.accuracy.toFixed(4)} (5 epochs, ${secs(t)} s, ${sps.toFixed(0)} samples/s)`);
