import { expect, it } from 'vitest';
import { tf } from '@dl/core';
import { dense, sequential } from '@dl/layers';
import { contrastiveLoss, ntXentLoss } from '../src/index.js';

// The README's proxy-loss snippets, with a small embedding network and a flip as the second view.
it('README: contrastiveLoss on siamese pairs (0 = similar), ntXentLoss on two views', async () => {
  const before = tf.memory().numTensors;
  const net = sequential(dense(4, 3, { seed: 1 }));
  const embed = (x: tf.Tensor) => net.apply(x);
  const project = embed;
  const augment = (t: tf.Tensor, view: number) => (view === 1 ? t : tf.reverse(t, 1));
  const [loss, l2] = tf.tidy(() => {
    const left = tf.randomNormal([4, 4], 0, 1, 'float32', 1);
    const right = tf.randomNormal([4, 4], 0, 1, 'float32', 2);
    const x = tf.randomNormal([4, 4], 0, 1, 'float32', 3);
    const loss = contrastiveLoss(embed(left), embed(right), [0, 1, 0, 1], { margin: 2 }); // 0 = same class
    const l2 = ntXentLoss(project(augment(x, 1)), project(augment(x, 2)), { temperature: 0.5 });
    return [loss, l2];
  });
  expect(loss!.shape).toEqual([]);
  expect((await loss!.data())[0]).toBeGreaterThan(0);
  expect((await l2!.data())[0]).toBeGreaterThan(0);
  tf.dispose([loss!, l2!]);
  net.dispose();
  expect(tf.memory().numTensors).toBe(before);
});
