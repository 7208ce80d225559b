// The README's first snippet, run as written (the Debian package's files, like the other real-file tests).
import { describe, expect, it } from 'vitest';
import { useBackend } from '@dl/core';
import { loadFashionMnist } from '../src/node.js';

describe('README', () => {
  it('first snippet: the training split as normalized NHWC tensors; the first label is an ankle boot', async () => {
    await useBackend('cpu');
    const { images, labels, classNames } = await loadFashionMnist({ split: 'train', normalize: true });
    // images: Tensor4D [60000, 28, 28, 1] float32, labels: Tensor1D [60000] int32
    expect([images.shape, images.dtype, labels.shape, labels.dtype]).toEqual([[60000, 28, 28, 1], 'float32', [60000], 'int32']);
    expect(classNames[labels.arraySync()[0]!]).toBe('Ankle boot');
    images.dispose();
    labels.dispose();
  });
});
