// Node entry: everything in the main entry plus file loading (fs, zlib).
export * from './index.js';
export {
  DEFAULT_FASHION_MNIST_DIR,
  loadFashionMnist,
  loadFashionMnistRaw,
} from './load-fashion-mnist.js';
export type { FashionMnistFileOptions } from './load-fashion-mnist.js';
export { readIdxFile } from './read-idx-file.js';
