import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentBackend, deserializeCheckpoint, tf } from '@dl/core';
import { writeFileAtomic } from '@dl/core/node';
import { FASHION_MNIST_CLASS_NAMES, FASHION_MNIST_STATS } from '@dl/datasets';
import type { Module } from '@dl/layers';
import { evaluate } from '@dl/train/node';
import { copyWeights } from '@dl/transfer';
import { cnn, encodePretrained } from '@dl/zoo';

const CHECK_IMAGES = 500;
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** packages/zoo of the repository this dl-train was built in (the flag is for maintainers, in the repo). */
function zooDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++, dir = dirname(dir)) if (existsSync(join(dir, 'packages/zoo/manifest.json'))) return join(dir, 'packages/zoo');
  throw new Error('--zoo: packages/zoo/manifest.json not found above this dl-train (run it from the @dl repository)');
}

/**
 * Stores a pretrained cnn encoder with its linear probe head (fitted on all labels) as a @dl/zoo
 * entry: a `cnn` whose first 12 layers are the encoder and whose classifier is the probe, so the
 * zoo's loaders and checks work unchanged, and its test accuracy is the probe's. Writes
 * weights/NAME.bin (float16) and the manifest entry, as scripts/make.mjs does for classifiers.
 */
export async function writeZooEncoder(
  name: string,
  encoder: Module,
  head: Module,
  o: { test: { x: tf.Tensor; y: tf.Tensor }; proxy: string; proxyLoss: number; argv: string[]; seed: number; limit: number | null; training: { seconds: number; samplesPerSecond: number }; out: NodeJS.WritableStream },
): Promise<void> {
  const dir = zooDir();
  const net = cnn(o.seed);
  const slice = { x: o.test.x.slice(0, CHECK_IMAGES), y: o.test.y.slice(0, CHECK_IMAGES) };
  let stored: Module | undefined;
  try {
    copyWeights(encoder, net, { upTo: 3 });
    const h = head.parameters();
    const named = { '13.kernel': h['0.kernel']!, '13.bias': h['0.bias']! };
    net.loadStateDict(named, { strict: false });
    net.eval();
    const float32 = (await evaluate(net, o.test, { batchSize: 1000 })).accuracy;
    // The command that remakes these weights: the flags given, less where reports go.
    const flags = o.argv.filter((a, i) => a !== '--out' && o.argv[i - 1] !== '--out' && !a.startsWith('--out='));
    const command = `node apps/cli/dist/dl-train.js pretrain ${flags.join(' ')}`;
    const state = net.stateDict();
    const bytes = await encodePretrained(state, { metadata: { name, command } });
    tf.dispose(Object.values(state));
    stored = cnn(o.seed);
    const back = deserializeCheckpoint(bytes).tensors;
    stored.loadStateDict(back);
    tf.dispose(Object.values(back));
    stored.eval();
    const accuracy = (await evaluate(stored, o.test, { batchSize: 1000 })).accuracy;
    const check = (await evaluate(stored, slice, { batchSize: 1000 })).accuracy;
    const manifestPath = join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { models: Record<string, unknown>[] };
    const file = `weights/${name}.bin`;
    const entry = {
      name,
      description: `the cnn's encoder pre-trained without labels by the ${o.proxy} proxy task, with a linear probe classifier fitted on its frozen 128-d features (all labels): take the encoder with featureExtractor or copyWeights(…, {upTo: 3})`,
      architecture: { builder: 'cnn', args: { classes: 10 } },
      task: 'image-classification',
      data: { dataset: 'fashion-mnist', split: 'train', classes: null, limit: o.limit, seed: o.seed, input: [28, 28, 1], normalize: { mean: FASHION_MNIST_STATS.mean, std: FASHION_MNIST_STATS.std }, labels: [...FASHION_MNIST_CLASS_NAMES] },
      command,
      proxy: { task: o.proxy, loss: round4(o.proxyLoss) },
      metrics: { testAccuracy: round4(accuracy), testAccuracyFloat32: round4(float32), testImages: o.test.y.shape[0], backend: currentBackend(), check: { images: CHECK_IMAGES, accuracy: round4(check) } },
      storage: { file, dtype: 'float16', bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') },
      training: { seconds: Math.round(o.training.seconds * 10) / 10, samplesPerSecond: Math.round(o.training.samplesPerSecond), date: new Date().toISOString().slice(0, 10) },
    };
    const at = manifest.models.findIndex((m) => m.name === name);
    if (at >= 0) manifest.models[at] = entry;
    else manifest.models.push(entry);
    await writeFileAtomic(join(dir, file), bytes);
    await writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    o.out.write(`  wrote @dl/zoo entry '${name}': probe test accuracy ${float32.toFixed(4)} float32, ${accuracy.toFixed(4)} stored float16 (${bytes.byteLength} bytes) — rebuild @dl/zoo\n`);
  } finally {
    tf.dispose([slice.x, slice.y]);
    net.dispose();
    stored?.dispose();
  }
}
