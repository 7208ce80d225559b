import { tf } from '@dl/core';
import { Module, Sequential } from '@dl/layers';
import { checkInt, checkKeys, checkObject, show } from './internal/check.js';
import { cutSequential } from './internal/cut.js';
import { checkModule } from './internal/modules.js';

export interface FeatureExtractorOptions {
  /**
   * The last layer kept (inclusive): a child index or dotted path of a Sequential (`3`,
   * `'features.2'`), or a layer name of a TF.js model wrapped by `fromLayersModel` (`'flatten_1'`).
   */
  upTo: string | number;
}

export interface PredictOptions {
  /** Examples per forward pass (default 256): bounds the memory of the intermediate activations. */
  batchSize?: number;
}

/** The "CNN codes" of a layer, always computed in eval mode. */
export interface FeatureExtractor {
  /** A view of the model up to the cut, sharing its variables (do not dispose it: the model owns them). */
  readonly backbone: Module;
  /** The features of `x` in one pass (eval mode); the caller owns the result. */
  apply(x: tf.Tensor): tf.Tensor;
  /** The features of `x` in batches of `batchSize`, joined; the caller owns the result. */
  predict(x: tf.Tensor, options?: PredictOptions): Promise<tf.Tensor>;
  /**
   * The features of `x`, computed once per input tensor and kept (the fast path when no
   * augmentation is needed: train a head on fixed features). Owned by the extractor: freed by `dispose`.
   */
  cached(x: tf.Tensor, options?: PredictOptions): Promise<tf.Tensor>;
  /** Frees the cached features (never the model's variables). */
  dispose(): void;
}

/** Implemented by the TF.js adapter: a module view up to a layer name. */
interface HasFeatureView {
  transferFeatureView(upTo: string | number, where: string): Module;
}

/**
 * A feature extractor cutting `model` after `upTo` (PyTorch's `nn.Sequential(*list(model.children())[:k])`,
 * timm's `forward_features`): seeds 000/003/004's "remove the last layer, the output is the code".
 */
export function featureExtractor(model: Module, options: FeatureExtractorOptions): FeatureExtractor {
  const where = 'featureExtractor';
  checkModule(where, model);
  checkObject(where, 'options', options);
  checkKeys(where, options, ['upTo']);
  let backbone: Module;
  if (typeof (model as Partial<HasFeatureView>).transferFeatureView === 'function') {
    backbone = (model as unknown as HasFeatureView).transferFeatureView(options.upTo, where);
  } else if (model instanceof Sequential) {
    backbone = new Sequential(cutSequential(model, options.upTo, where).prefix);
  } else {
    throw new TypeError(`${where}: cuts a Sequential or a TF.js model from fromLayersModel; got a '${model.kind}' module (wrap its layers in a Sequential, or pass the child module that ends at the features)`);
  }
  const cache = new Map<tf.Tensor, tf.Tensor>();
  const run = (x: tf.Tensor): tf.Tensor => backbone.apply(x, { training: false });
  const checkX = (x: unknown, what: string): tf.Tensor => {
    if (!(x instanceof tf.Tensor) || x.isDisposed || x.rank < 1) throw new TypeError(`${where}.${what}: x must be a live tensor with a batch axis, got ${show(x)}`);
    return x;
  };
  const batchSizeOf = (o: PredictOptions | undefined, what: string): number => {
    if (o === undefined) return 256;
    checkObject(`${where}.${what}`, 'options', o);
    checkKeys(`${where}.${what}`, o, ['batchSize']);
    return checkInt(`${where}.${what}`, 'batchSize', o.batchSize ?? 256, 1);
  };
  const predict = async (x: tf.Tensor, o: PredictOptions | undefined, what: string): Promise<tf.Tensor> => {
    checkX(x, what);
    const bs = batchSizeOf(o, what);
    const n = x.shape[0]!;
    if (n <= bs) return run(x);
    const parts: tf.Tensor[] = [];
    try {
      for (let start = 0; start < n; start += bs) {
        const size = Math.min(bs, n - start);
        parts.push(tf.tidy(() => run(tf.slice(x, start, size))));
        // let other work (a progress bar, the browser) run between batches
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
      }
      return tf.concat(parts);
    } finally {
      tf.dispose(parts);
    }
  };
  return {
    backbone,
    apply: (x) => run(checkX(x, 'apply')),
    predict: (x, o) => predict(x, o, 'predict'),
    async cached(x, o) {
      checkX(x, 'cached');
      const hit = cache.get(x);
      if (hit !== undefined && !hit.isDisposed) return hit;
      const features = await predict(x, o, 'cached');
      cache.set(x, features);
      return features;
    },
    dispose() {
      for (const t of cache.values()) t.dispose();
      cache.clear();
    },
  };
}
