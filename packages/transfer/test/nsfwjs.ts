// Loads nsfwjs@4.4.0's MobileNetV2 from the npm package on disk (never the network): the package
// ships model.json and the weight shard as UMD modules (dist/models/mobilenet_v2/*.min.js).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { tf } from '@dl/core';
import * as tfl from '@tensorflow/tfjs-layers';

export async function loadNsfwjsMobileNetV2(): Promise<tfl.LayersModel> {
  const req = createRequire(import.meta.url);
  const dir = join(dirname(req.resolve('nsfwjs')), '..', 'models', 'mobilenet_v2');
  const json = req(join(dir, 'model.min.js')) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  const b64 = req(join(dir, 'group1-shard1of1.min.js')) as string;
  const bytes = Buffer.from(b64, 'base64');
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData }));
}
