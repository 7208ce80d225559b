/** The network builders a zoo entry can name (`architecture.builder`). */
export type ArchitectureName = 'cnn';

/** What the stored file holds: float16 halves the size of float32 (the README gives what it costs in accuracy). */
export type StorageDtype = 'float16' | 'float32';

/** One pretrained model of the zoo, as `manifest.json` records it. */
export interface PretrainedEntry {
  /** The name `loadPretrained` takes (`'fashion-cnn'`). */
  name: string;
  description: string;
  /** The `@dl/layers` network: `builder(seed, ...args)` of `src/architectures/` (`cnn(seed, classes)`). */
  architecture: { builder: ArchitectureName; args: { classes: number } };
  task: 'image-classification';
  /**
   * The training data: data set, split, the classes kept (labels remapped to 0..k-1 in this order;
   * `null` = all), the image limit (`null` = all), the seed, the input shape (NHWC without the batch),
   * the standardisation the network expects (`(pixel / 255 - mean) / std`), and the class names by output index.
   */
  data: {
    dataset: 'fashion-mnist' | 'mnist';
    split: 'train';
    classes: number[] | null;
    limit: number | null;
    seed: number;
    input: [number, number, number];
    normalize: { mean: number; std: number } | null;
    labels: string[];
  };
  /** The exact command that made the stored weights (run from the repository root). */
  command: string;
  /**
   * Encoders pre-trained without labels (`dl-train pretrain --zoo`): the proxy task (`'autoencoder'`,
   * `'contrastive'`, `'simclr'`) and its final loss. Such an entry is a `cnn` whose first 12 layers
   * are the encoder (`cnnEncoder`'s names) and whose classifier is a linear probe fitted on the
   * frozen encoder's features with every training label: its accuracy is the probe's.
   */
  proxy?: { task: 'autoencoder' | 'contrastive' | 'simclr'; loss: number };
  /**
   * Test-set accuracy of the stored weights and of the float32 weights before storage, on `testImages`
   * test images (the classes of `data.classes`), measured on `backend`; `check`: the stored weights'
   * accuracy on the first `check.images` of them (what the package's tests re-measure).
   */
  metrics: {
    testAccuracy: number;
    testAccuracyFloat32: number;
    testImages: number;
    backend: string;
    check: { images: number; accuracy: number };
  };
  /** The weights file (relative to the package), its dtype, size and SHA-256 (hex). */
  storage: { file: string; dtype: StorageDtype; bytes: number; sha256: string };
  /** How long training took where it was made (not part of the model). */
  training?: { seconds: number; samplesPerSecond: number; date: string };
}

/** Options of `loadPretrained` and `loadPretrainedWeights`. */
export interface LoadPretrainedOptions {
  /**
   * Where to read the weights file instead of the package's own copy: a URL (`https:`, `file:`, ...)
   * or, in Node, a path. It is verified against the manifest all the same (for self-hosted copies).
   */
  weightsUrl?: string | URL;
}
