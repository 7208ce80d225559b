import { checkOptionKeys, resolveSubset } from './internal/options.js';
import { selectSamples } from './internal/select-samples.js';
import { parseIdx, type IdxData } from './parse-idx.js';
import type { PixelStats, RawImageDataset, SubsetOptions } from './types.js';

/** Fashion-MNIST class names, indexed by label id. */
export const FASHION_MNIST_CLASS_NAMES: readonly string[] = Object.freeze([
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
]);

/** Pixel mean / std (population) of the 60 000 training images, scaled to [0, 1]. */
export const FASHION_MNIST_STATS: Readonly<PixelStats> = Object.freeze({
  mean: 0.2860406,
  std: 0.3530242,
});

const NAME = 'fashionMnist';
const SIDE = 28;

/** The two uncompressed IDX files of one split. */
export interface FashionMnistIdx {
  /** `*-images-idx3-ubyte`: uint8 `[N, 28, 28]`. */
  images: Uint8Array;
  /** `*-labels-idx1-ubyte`: uint8 `[N]`, values 0–9. */
  labels: Uint8Array;
}

/**
 * Builds the raw Fashion-MNIST dataset from the bytes of an images / labels IDX
 * pair (already decompressed). Works anywhere: this is the path for browsers,
 * which fetch the files themselves.
 */
export function fashionMnistFromIdx(
  idx: FashionMnistIdx,
  options?: Omit<SubsetOptions, 'split'>,
): RawImageDataset {
  const subset = resolveSubset(
    NAME,
    checkOptionKeys(NAME, options, ['classes', 'limit']),
    FASHION_MNIST_CLASS_NAMES.length,
  );
  const images = parseIdx(idx.images);
  const labels = parseIdx(idx.labels);
  const [count = 0, height, width] = images.shape;
  if (images.dtype !== 'uint8' || images.shape.length !== 3 || height !== SIDE || width !== SIDE) {
    throw new Error(
      `${NAME}: images must be a uint8 IDX array of shape [N, ${SIDE}, ${SIDE}], got ${describe(images)}`,
    );
  }
  if (labels.dtype !== 'uint8' || labels.shape.length !== 1 || labels.shape[0] !== count) {
    throw new Error(
      `${NAME}: labels must be a uint8 IDX array of shape [${count}] to match the images, got ${describe(labels)}`,
    );
  }
  const numClasses = FASHION_MNIST_CLASS_NAMES.length;
  const bad = labels.data.findIndex((label) => label >= numClasses);
  if (bad !== -1) {
    throw new Error(
      `${NAME}: label ${labels.data[bad]} at index ${bad} is out of range 0..${numClasses - 1}`,
    );
  }
  return selectSamples(
    {
      name: NAME,
      images: images.data,
      labels: labels.data,
      count,
      height: SIDE,
      width: SIDE,
      classNames: [...FASHION_MNIST_CLASS_NAMES],
      stats: { ...FASHION_MNIST_STATS },
    },
    subset,
  );
}

const describe = (idx: IdxData): string => `${idx.dtype} [${idx.shape.join(', ')}]`;
