import { checkKeys, checkObject, show } from './internal/check.js';

/** The notes' strategies, from least to most of the pretrained network retrained. */
export type TransferStrategy = 'linear-probe' | 'linear-probe-earlier' | 'fine-tune-top' | 'fine-tune-more' | 'fine-tune-all';

export interface AdviseTransferOptions {
  /** Labelled examples of the new task (all classes together). */
  examples: number;
  /** How the new data relates to what the network was pretrained on. */
  similarity: 'similar' | 'different';
  /** Fewer examples than this count as "very little data"; default 10,000 (the README's measured table uses 1,000 labelled images as small and 10,000 as large). */
  smallBelow?: number;
}

export interface TransferAdvice {
  strategy: TransferStrategy;
  size: 'small' | 'large';
  similarity: 'similar' | 'different';
  /** What to do, in @dl/transfer's terms. */
  how: string;
  /** Why, in the notes' words. */
  reason: string;
  /** Seed 004's answer where it differs from seed 001's table (large data), else absent. */
  alternative?: { strategy: TransferStrategy; source: string };
}

const HOW: Record<TransferStrategy, string> = {
  'linear-probe': "featureExtractor(model, {upTo: the layer before the classifier}) and a linear classifier on the cached features (the 'CNN codes'); nothing of the network trains",
  'linear-probe-earlier': 'featureExtractor at an earlier layer (try several stages: the top ones are specific to the original data) and a linear classifier on those features',
  'fine-tune-top': "replaceHead, freeze all but the last few blocks (bnPolicy 'eval'), and train those and the head, the pretrained ones at a smaller rate (lrSliceGroups or layerDecayGroups)",
  'fine-tune-more': 'replaceHead, freeze only the first blocks, and fine-tune the rest with discriminative rates (lrSliceGroups / layerDecayGroups), or gradualUnfreezing',
  'fine-tune-all': 'replaceHead and fine-tune the whole network from the pretrained weights (fineTune: head first, then everything at discriminative rates); training from scratch is affordable but rarely better',
};

/**
 * The notes' four-case advice for transfer learning (seed 001's 2x2 table, after CS231n; seed 004's
 * "When to fine-tune"): how much of a pretrained network to retrain for a new data set, from its
 * size and its similarity to the original data.
 *
 * | | similar | different |
 * | --- | --- | --- |
 * | small | linear classifier on the top layer's codes | linear classifier on earlier layers' features |
 * | large | fine-tune (001: a few layers; 004: the full network) | fine-tune a larger number of layers, or all (004: from pretrained weights rather than scratch) |
 *
 * Where the seeds differ (large data: seed 004 fine-tunes the full network in both cases), the
 * answer follows seed 001's table and gives seed 004's as `alternative`. Makes no tensor.
 */
export function adviseTransfer(options: AdviseTransferOptions): TransferAdvice {
  const where = 'adviseTransfer';
  checkObject(where, 'options', options);
  checkKeys(where, options, ['examples', 'similarity', 'smallBelow']);
  const { examples, similarity } = options;
  const smallBelow = options.smallBelow ?? 10_000;
  if (!Number.isSafeInteger(examples) || examples < 1) throw new RangeError(`${where}: examples must be an integer >= 1 (labelled examples of the new task), got ${show(examples)}`);
  if (similarity !== 'similar' && similarity !== 'different') throw new RangeError(`${where}: similarity must be 'similar' or 'different', got ${show(similarity)}`);
  if (!Number.isSafeInteger(smallBelow) || smallBelow < 2) throw new RangeError(`${where}: smallBelow must be an integer >= 2, got ${show(smallBelow)}`);
  const size = examples < smallBelow ? 'small' : 'large';
  const advice = (strategy: TransferStrategy, reason: string, alternative?: TransferAdvice['alternative']): TransferAdvice => ({
    strategy,
    size,
    similarity,
    how: HOW[strategy],
    reason,
    ...(alternative ? { alternative } : {}),
  });
  if (size === 'small' && similarity === 'similar') {
    return advice('linear-probe', 'Since the data is small, it is not a good idea to fine-tune the ConvNet due to overfitting concerns. Since the data is similar to the original data, we expect higher-level features in the ConvNet to be relevant to this dataset as well: train a linear classifier on the CNN codes.');
  }
  if (size === 'small') {
    return advice('linear-probe-earlier', "You're in trouble: the data is small, so only a linear classifier is safe, but the top of the network holds features specific to the original data. Try linear classifiers on activations from earlier stages of the network.");
  }
  if (similarity === 'similar') {
    return advice('fine-tune-top', 'With more data, fine-tuning will not overfit as easily, and since the data is similar the higher-level features already fit: fine-tune a few of the top layers.', {
      strategy: 'fine-tune-all',
      source: 'seed 004: "Since we have more data, we can have more confidence that we won\'t overfit if we were to try to fine-tune through the full network."',
    });
  }
  return advice('fine-tune-more', 'The data is large and very different: fine-tune a larger number of layers. A ConvNet could be trained from scratch, but in practice it is very often still beneficial to initialise with pretrained weights and fine-tune through the entire network.', {
    strategy: 'fine-tune-all',
    source: 'seed 004: "we would have enough data and confidence to fine-tune through the entire network"',
  });
}
