import { expect, it } from 'vitest';
import { tf } from '@dl/core';
import { loadMnist } from '@dl/datasets';
import { listPretrained, loadPretrained } from '../src/index.js';

it("README: list the zoo, load 'mnist-cnn', classify 500 test digits", async () => {
  const before = tf.memory().numTensors;
  const names = listPretrained().map((e) => `${e.name} ${e.metrics.testAccuracy}`);
  expect(names[0]).toBe('fashion-cnn 0.8858');
  expect(names[1]).toBe('mnist-cnn 0.984');
  const model = await loadPretrained('mnist-cnn');
  const { images, labels } = await loadMnist({ split: 'test', limit: 500, normalize: true });
  const predicted = tf.tidy(() => tf.argMax(model.apply(images), 1));
  const mean = tf.tidy(() => tf.mean(tf.cast(tf.equal(predicted, labels), 'float32'))); // the README's line, its temporaries freed
  const accuracy = (await mean.data())[0]!;
  expect(Math.abs(accuracy - listPretrained()[1]!.metrics.check.accuracy)).toBeLessThanOrEqual(2 / 500 + 1e-6);
  expect(accuracy).toBeCloseTo(0.98, 2);
  model.dispose();
  tf.dispose([images, labels, predicted, mean]);
  expect(tf.memory().numTensors).toBe(before);
});
