#!/usr/bin/env node
// Reproduces @dl/transfer's README figure on siamese collapse: one epoch of siameseTask on the first
// 5,000 Fashion-MNIST images (margin 1, Adam 0.001, batch 256, dl-train pretrain's views), with the
// projection a plain dense 128 -> 64 or a batch norm then the dense; prints the share of the encoder's
// last ReLU units that are 0 on all of 500 images, before and after.
//   pnpm exec turbo run build --filter=@dl/cli... && node apps/cli/scripts/siamese-collapse.mjs
import { tf, useBackend } from '@dl/core';
import { compose, randomHorizontalFlip, randomResizedCrop } from '@dl/augment';
import { loadFashionMnist } from '@dl/datasets/node';
import { batchNorm1d, dense, sequential } from '@dl/layers';
import { adam, Optimizer } from '@dl/optim';
import { fit } from '@dl/train/node';
import { siameseTask } from '@dl/transfer';
import { cnnEncoder } from '@dl/zoo';

await useBackend('wasm');
const d = await loadFashionMnist({ split: 'train', normalize: true, limit: 5000 });
const views = compose([randomResizedCrop({ size: 28, scale: [0.3, 1] }), randomHorizontalFlip()]);
const probe = d.images.slice(0, 500);
const dead = (encoder) => tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.max(encoder.apply(probe, { training: false }), 0), 0), 'float32')).dataSync()[0]);
const unlabelled = tf.zeros([5000], 'int32');
for (const [name, projection] of [['dense', () => sequential(dense(128, 64, { seed: 24 }))], ['batch norm + dense', () => sequential(batchNorm1d(128), dense(128, 64, { seed: 24 }))]]) {
  const task = siameseTask(cnnEncoder(3), projection(), { views, margin: 1 });
  const before = dead(task.encoder);
  const optimizer = new Optimizer(adam({ lr: 1e-3 }), task.parameters());
  await fit({ model: task, loss: task.loss, optimizer, data: { x: d.images, y: unlabelled }, epochs: 1, batchSize: 256, rng: 0 });
  console.log(`projection ${name}: dead units ${(100 * before).toFixed(1)} % before, ${(100 * dead(task.encoder)).toFixed(1)} % after one epoch`);
  task.dispose();
  optimizer.dispose();
}
tf.dispose([d.images, d.labels, probe, unlabelled]);
