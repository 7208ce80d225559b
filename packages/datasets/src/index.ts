// Browser-safe entry: no fs / zlib / node:* imports here (see ./node for files).
export { parseIdx } from './parse-idx.js';
export type { IdxData, IdxDtype } from './parse-idx.js';
export { toTensors } from './to-tensors.js';
export {
  FASHION_MNIST_CLASS_NAMES,
  FASHION_MNIST_STATS,
  fashionMnistFromIdx,
} from './fashion-mnist.js';
export type { FashionMnistIdx } from './fashion-mnist.js';
export {
  MNIST_CLASS_NAMES,
  MNIST_STATS,
  MNIST_TRAIN_FRACTION,
  loadMnist,
  loadMnistRaw,
} from './mnist.js';
export type {
  ImageDataset,
  PixelStats,
  RawImageDataset,
  Split,
  SubsetOptions,
  TensorOptions,
} from './types.js';
