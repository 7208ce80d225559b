import { describe, expect, it } from 'vitest';
import { FASHION_MNIST_CLASS_NAMES, FASHION_MNIST_STATS, fashionMnistFromIdx } from '../src/index.js';
import { makeFashionIdx, makeIdx } from './support/make-idx.js';

describe('fashionMnistFromIdx', () => {
  const labels = [9, 0, 0, 3, 0, 2, 7, 2];
  const idx = makeFashionIdx(labels, (i) => 10 * i);

  it('returns the raw dataset in file order with all class names', () => {
    const raw = fashionMnistFromIdx(idx);
    expect(raw).toMatchObject({ name: 'fashionMnist', count: 8, height: 28, width: 28 });
    expect([...raw.labels]).toEqual(labels);
    expect(raw.images.length).toBe(8 * 784);
    expect(raw.images[3 * 784]).toBe(30);
    expect(raw.classNames).toEqual([...FASHION_MNIST_CLASS_NAMES]);
    expect(raw.stats).toEqual(FASHION_MNIST_STATS);
  });

  it('filters by class, keeping original ids and order, then limits', () => {
    const raw = fashionMnistFromIdx(idx, { classes: [2, 0] });
    expect([...raw.labels]).toEqual([0, 0, 0, 2, 2]);
    expect([raw.images[0], raw.images[784], raw.images[4 * 784]]).toEqual([10, 20, 70]);

    const limited = fashionMnistFromIdx(idx, { classes: [2, 0], limit: 2 });
    expect(limited.count).toBe(2);
    expect([...limited.labels]).toEqual([0, 0]);
    expect(limited.images.length).toBe(2 * 784);
  });

  it('treats limit as an upper bound', () => {
    expect(fashionMnistFromIdx(idx, { limit: 3 }).count).toBe(3);
    expect(fashionMnistFromIdx(idx, { limit: 1000 }).count).toBe(8);
  });

  it('returns fresh class names', () => {
    const raw = fashionMnistFromIdx(idx);
    raw.classNames[0] = 'changed';
    expect(FASHION_MNIST_CLASS_NAMES[0]).toBe('T-shirt/top');
    expect(Object.isFrozen(FASHION_MNIST_CLASS_NAMES)).toBe(true);
  });

  it('validates options with errors naming the option', () => {
    expect(() => fashionMnistFromIdx(idx, { limit: -3 })).toThrow(
      new RangeError('fashionMnist: limit must be a positive integer, got -3'),
    );
    expect(() => fashionMnistFromIdx(idx, { limit: 1.5 })).toThrow(RangeError);
    expect(() => fashionMnistFromIdx(idx, { classes: [1, 10] })).toThrow(
      new RangeError('fashionMnist: classes contains unknown class id 10 (valid ids are 0..9)'),
    );
    expect(() => fashionMnistFromIdx(idx, { classes: [] })).toThrow(/classes must be a non-empty array/);
    expect(() => fashionMnistFromIdx(idx, { split: 'train' } as never)).toThrow(
      "fashionMnist: unknown option 'split' (expected one of classes, limit)",
    );
  });

  it('rejects IDX files that are not Fashion-MNIST shaped', () => {
    const wrongSize = { ...idx, images: makeIdx(0x08, [8, 28, 27], new Uint8Array(8 * 28 * 27)) };
    expect(() => fashionMnistFromIdx(wrongSize)).toThrow(
      'fashionMnist: images must be a uint8 IDX array of shape [N, 28, 28], got uint8 [8, 28, 27]',
    );
    const fewerLabels = { ...idx, labels: makeIdx(0x08, [7], labels.slice(1)) };
    expect(() => fashionMnistFromIdx(fewerLabels)).toThrow(
      'fashionMnist: labels must be a uint8 IDX array of shape [8] to match the images, got uint8 [7]',
    );
    const badLabel = { ...idx, labels: makeIdx(0x08, [8], [0, 1, 2, 3, 4, 5, 6, 11]) };
    expect(() => fashionMnistFromIdx(badLabel)).toThrow('fashionMnist: label 11 at index 7 is out of range 0..9');
  });

  it('has the ten Fashion-MNIST class names', () => {
    expect(FASHION_MNIST_CLASS_NAMES).toEqual([
      'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
      'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
    ]);
  });
});
