import { expect, it } from 'vitest';
import { tf } from '@dl/core';
import { compose, randomHorizontalFlip, randomResizedCrop } from '@dl/augment';
import { dense, relu, sequential } from '@dl/layers';
import { adam, Optimizer } from '@dl/optim';
import { fit } from '@dl/train';
import { copyWeights, simclrTask } from '../src/index.js';
import { cnn, cnnEncoder } from '@dl/zoo';

// The README's proxy-task snippet as written, on 64 random 28x28 images; then the copy is checked.
it('README: SimCLR pre-training of the zoo cnn encoder under fit, copied into a cnn', async () => {
  const before = tf.memory().numTensors;
  const images = tf.randomNormal([64, 28, 28, 1], 0, 1, 'float32', 1);
  const anyLabels = tf.zeros([64], 'int32');

  const views = compose([randomResizedCrop({ size: 28, scale: [0.3, 1] }), randomHorizontalFlip()]);
  const task = simclrTask(cnnEncoder(0), sequential(dense(128, 128), relu, dense(128, 64)), { views, temperature: 0.5 });
  const optimizer = new Optimizer(adam({ lr: 1e-3 }), task.parameters());
  const r = await fit({ model: task, loss: task.loss, optimizer, data: { x: images, y: anyLabels }, epochs: 1, batchSize: 256 });
  const net = cnn(0);
  copyWeights(task.encoder, net, { upTo: 3 }); // the encoder's conv-BN, conv-BN and dense 128; then fine-tune net

  expect(Number.isFinite(r.history.epochs[0]!.loss)).toBe(true);
  const trained = task.encoder.parameters()['4.kernel']!;
  expect(Array.from(await net.parameters()['4.kernel']!.data())).toEqual(Array.from(await trained.data()));
  task.dispose();
  optimizer.dispose();
  net.dispose();
  tf.dispose([images, anyLabels]);
  expect(tf.memory().numTensors).toBe(before);
});
