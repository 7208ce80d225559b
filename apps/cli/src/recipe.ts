import { tf } from '@dl/core';
import type { Schedule } from '@dl/core';
import { adadelta, adagrad, adam, adamax, adamw, nadam, radam, rmsprop, sgd, Optimizer } from '@dl/optim';
import type { GradientTransformation } from '@dl/optim';
import {
  bengio, cosineAnnealing, cosineWarmRestarts, cyclic, exponential, inverseTime, linear, multiStep, oneCycle, polynomial, stepDecay, warmup,
} from '@dl/schedulers';
import {
  colorJitter, compose, cutmix, cutout, mixup, randomAffine, randomCrop, randomErasing, randomHorizontalFlip, randomLensDistortion,
  randomResizedCrop, randomVerticalFlip, scaleAugment,
} from '@dl/augment';
import type { Mix, Transform } from '@dl/augment';
import type { TrainArgs } from './args.js';
import { softmaxCrossEntropy } from '@dl/layers';
import type { Module } from '@dl/layers';
import { fit, stopOnNaN } from '@dl/train/node';
import type { DataLike } from '@dl/train/node';
import { trainableParameters } from '@dl/transfer';

function momentumOptions(args: TrainArgs): { cycleMomentum: boolean; baseMomentum?: number; maxMomentum?: number } {
  return {
    cycleMomentum: args.cycleMomentum ?? false,
    ...(args.baseMomentum !== undefined ? { baseMomentum: args.baseMomentum } : {}),
    ...(args.maxMomentum !== undefined ? { maxMomentum: args.maxMomentum } : {}),
  };
}

/** The main schedule over `n` steps (or epochs): the steps the run has after the warm-up. */
function mainSchedule(args: TrainArgs, n: number): number | Schedule {
  const { lr } = args;
  const g = args.gamma;
  switch (args.schedule) {
    case 'constant': case 'plateau': return lr;
    case 'one-cycle':
      return oneCycle({
        maxLr: lr, totalSteps: n,
        ...(args.pctStart !== undefined ? { pctStart: args.pctStart } : {}),
        ...(args.annealStrategy !== undefined ? { annealStrategy: args.annealStrategy } : {}),
        ...(args.divFactor !== undefined ? { divFactor: args.divFactor } : {}),
        ...(args.finalDivFactor !== undefined ? { finalDivFactor: args.finalDivFactor } : {}),
        ...(args.threePhase !== undefined ? { threePhase: args.threePhase } : {}),
        ...momentumOptions(args),
      });
    case 'step': return stepDecay({ lr, stepSize: args.stepSize ?? Math.max(1, Math.ceil(n / 3)), gamma: g ?? 0.1 });
    case 'multi-step': return multiStep({ lr, milestones: args.milestones ?? [Math.max(1, Math.round(n / 2)), Math.max(2, Math.round((3 * n) / 4))], gamma: g ?? 0.1 });
    case 'exponential': return exponential({ lr, gamma: g ?? Math.pow(0.01, 1 / Math.max(1, n)) });
    case 'inverse-time': return inverseTime({ lr, k: args.decayRate ?? 9 / n });
    case 'bengio': return bengio({ lr, tau: args.tau ?? Math.max(1, Math.ceil(n / 2)) });
    case 'cosine': return cosineAnnealing({ lr, tMax: n, etaMin: args.etaMin ?? 0 });
    case 'cosine-restarts': return cosineWarmRestarts({ lr, t0: args.t0 ?? Math.max(1, Math.ceil(n / 3)), tMult: args.tMult ?? 1, etaMin: args.etaMin ?? 0 });
    case 'linear': return linear({ lr, startFactor: args.startFactor ?? 1, endFactor: args.endFactor ?? 0.01, totalIters: n });
    case 'polynomial': return polynomial({ lr, totalIters: n, power: args.power ?? 1 });
    case 'cyclic': {
      const up = args.stepSizeUp ?? n / 4;
      return cyclic({
        baseLr: args.baseLr ?? lr / 4, maxLr: lr, stepSizeUp: up, stepSizeDown: args.stepSizeDown ?? up,
        mode: args.cyclicMode === 'exp-range' ? 'expRange' : args.cyclicMode ?? 'triangular', ...(g !== undefined ? { gamma: g } : {}),
        ...momentumOptions(args),
      });
    }
  }
}

/**
 * The learning rate the optimizer follows: a number, or a schedule over `units` optimizer steps
 * (or epochs). A warm-up takes the first `--warmup` units and the main schedule is built over the
 * rest, so it ends where it would without one (one-cycle on its floor at the last step).
 */
export function buildSchedule(args: TrainArgs, units: number): number | Schedule {
  const w = args.warmup;
  if (w === 0) return mainSchedule(args, units);
  const what = args.schedulePer === 'epoch' ? 'epochs' : 'optimizer steps';
  if (w >= units) throw new RangeError(`--warmup ${w} leaves nothing of the schedule: the run has ${units} ${what}`);
  const s = mainSchedule(args, units - w);
  const warm = warmup(typeof s === 'number' ? () => s : s, { steps: w, startFactor: args.warmupFactor, mode: args.warmupMode });
  // The cycled momentum (one-cycle, cyclic) holds its first value through the warm-up, then follows.
  const momentum = typeof s === 'number' ? undefined : (s as Schedule & { momentum?: Schedule }).momentum;
  if (momentum) Object.defineProperty(warm, 'momentum', { value: (t: number) => momentum(Math.max(0, t - w)), enumerable: true });
  return warm;
}

export function buildTransform(args: TrainArgs): GradientTransformation<unknown> {
  const { lr, weightDecay } = args;
  const betas = args.betas!;
  const eps = args.eps!;
  switch (args.optimizer) {
    case 'sgd': return sgd({ lr, momentum: args.momentum!, dampening: args.dampening!, nesterov: args.nesterov!, weightDecay }) as never;
    case 'adam': return adam({ lr, betas, eps, weightDecay, amsgrad: args.amsgrad! }) as never;
    case 'adamw': return adamw({ lr, betas, eps, weightDecay, amsgrad: args.amsgrad! }) as never;
    case 'rmsprop': return rmsprop({ lr, alpha: args.alpha!, eps, weightDecay, momentum: args.momentum!, centered: args.centered! }) as never;
    case 'adagrad': return adagrad({ lr, lrDecay: args.lrDecay!, weightDecay, initialAccumulatorValue: args.initialAccumulatorValue!, eps }) as never;
    case 'adadelta': return adadelta({ lr, rho: args.rho!, eps, weightDecay }) as never;
    case 'adamax': return adamax({ lr, betas, eps, weightDecay }) as never;
    case 'nadam': return nadam({ lr, betas, eps, weightDecay, momentumDecay: args.momentumDecay!, decoupledWeightDecay: args.decoupledWeightDecay! }) as never;
    case 'radam': return radam({ lr, betas, eps, weightDecay, decoupledWeightDecay: args.decoupledWeightDecay! }) as never;
  }
}

/** The optimizer and its settings in words, for the run's first line. */
export function describeOptimizer(args: TrainArgs): string {
  const parts = [`${args.optimizer} lr ${args.lr}`];
  if (args.momentum !== undefined) parts.push(`momentum ${args.momentum}${args.nesterov ? ' (Nesterov)' : ''}`);
  if (args.dampening) parts.push(`dampening ${args.dampening}`);
  if (args.betas) parts.push(`betas ${args.betas.join('/')}`);
  if (args.alpha !== undefined) parts.push(`alpha ${args.alpha}`);
  if (args.rho !== undefined) parts.push(`rho ${args.rho}`);
  if (args.lrDecay) parts.push(`lr decay ${args.lrDecay}`);
  if (args.initialAccumulatorValue) parts.push(`initial accumulator ${args.initialAccumulatorValue}`);
  if (args.momentumDecay !== undefined) parts.push(`momentum decay ${args.momentumDecay}`);
  if (args.eps !== undefined) parts.push(`eps ${args.eps}`);
  if (args.amsgrad) parts.push('AMSGrad');
  if (args.centered) parts.push('centered');
  parts.push(`weight decay ${args.weightDecay}${args.decoupledWeightDecay ? ' (decoupled)' : ''}`);
  return parts.join(', ');
}

/** The momentum cycle of one-cycle / cyclic in words (empty when momentum is not cycled). */
export function describeCycle(args: TrainArgs): string {
  if (!args.cycleMomentum) return '';
  const oneCycle = args.schedule === 'one-cycle';
  const max = args.maxMomentum ?? (oneCycle ? 0.95 : 0.9);
  const base = args.baseMomentum ?? (oneCycle ? 0.85 : 0.8);
  return ` (${args.betas ? 'beta1' : 'momentum'} cycled ${max}-${base})`;
}

/** A transform applied to pixel values in [0, 1]: the batch is mapped back from standardised values and forth. */
function inPixels(t: Transform, mean: number, std: number): Transform {
  return (images, seed) =>
    tf.tidy(() => {
      const pixels = tf.add(tf.mul(images, std), mean) as tf.Tensor4D;
      return tf.div(tf.sub(t(pixels, seed), mean), std) as tf.Tensor4D;
    });
}

/**
 * The per-image transforms (in the `--augment` order) and the batch mixer the `--augment` list asks
 * for, on images standardised with `stats`: black is `-mean / std`, and colour jitter and lens
 * distortion run on the pixel values, as torchvision's before `Normalize`.
 */
export function buildAugment(args: TrainArgs, stats: { mean: number; std: number }): { augment?: Transform; mix?: Mix } {
  const fill = -stats.mean / stats.std;
  const t: Transform[] = [];
  for (const a of args.augment) {
    switch (a) {
      case 'flip': t.push(randomHorizontalFlip()); break;
      case 'vflip': t.push(randomVerticalFlip()); break;
      case 'crop': t.push(randomCrop({ size: 28, padding: args.cropPadding, fill, paddingMode: args.paddingMode })); break;
      case 'resized-crop': t.push(randomResizedCrop({ size: 28, scale: args.resizedCropScale })); break;
      case 'scale': t.push(scaleAugment({ minSize: args.scaleSizes[0], maxSize: args.scaleSizes[1], size: 28 })); break;
      case 'affine':
        t.push(randomAffine({ degrees: args.degrees, translate: args.translate, scale: args.affineScale, ...(args.shear > 0 ? { shear: args.shear } : {}), fill }));
        break;
      case 'jitter': t.push(inPixels(colorJitter({ brightness: args.brightness, contrast: args.contrast }), stats.mean, stats.std)); break;
      // Bilinear sampling blends the fill in at the border as torchvision's grid_sample mask does: in pixels, black is 0 there.
      case 'lens': t.push(inPixels(randomLensDistortion({ k1: args.k1 }), stats.mean, stats.std)); break;
      case 'cutout': t.push(cutout({ size: args.cutoutSize, fill })); break;
      case 'erasing': t.push(randomErasing({ value: fill })); break;
      case 'mixup': case 'cutmix': break;
    }
  }
  const out: { augment?: Transform; mix?: Mix } = {};
  if (t.length) out.augment = compose(t);
  if (args.augment.includes('mixup')) out.mix = mixup({ alpha: args.mixAlpha, numClasses: 10 });
  else if (args.augment.includes('cutmix')) out.mix = cutmix({ alpha: args.mixAlpha, numClasses: 10 });
  return out;
}

/**
 * The fit options every dl-train network trains with, from its flags: epochs, batch size, the
 * schedule over the run's `updatesPerEpoch` optimizer updates per epoch, augmentation, label
 * smoothing, gradient clipping and accumulation, shuffling. Callbacks, data and the rest are the caller's.
 */
export function fitOptionsFrom(args: TrainArgs, stats: { mean: number; std: number }, updatesPerEpoch: number) {
  const perEpoch = args.schedulePer === 'epoch';
  const lr = buildSchedule(args, perEpoch ? args.epochs : args.epochs * updatesPerEpoch);
  const { augment, mix } = buildAugment(args, stats);
  return {
    epochs: args.epochs,
    batchSize: args.batchSize,
    ...(typeof lr === 'number' ? {} : { schedule: perEpoch ? { schedule: lr, per: 'epoch' as const } : lr }),
    ...(augment ? { augment: augment as never } : {}),
    ...(mix ? { mix: mix as never } : {}),
    ...(args.labelSmoothing > 0 ? { loss: (o: tf.Tensor, y: tf.Tensor) => softmaxCrossEntropy(o, y, { labelSmoothing: args.labelSmoothing }) as tf.Scalar } : {}),
    ...(args.clipGradNorm !== undefined
      ? { clipGradNorm: args.gradNormType !== undefined ? { maxNorm: args.clipGradNorm, normType: args.gradNormType } : args.clipGradNorm }
      : {}),
    ...(args.clipGradValue !== undefined ? { clipGradValue: args.clipGradValue } : {}),
    ...(args.accumulateSteps > 1 ? { accumulateSteps: args.accumulateSteps } : {}),
    ...(args.shuffle ? {} : { shuffle: false }),
  };
}

/** Trains one network as dl-train trains (its optimizer, schedule and augmentation) on its trainable parameters: transfer-curve's and pretrain's networks. */
export async function trainWithRecipe(model: Module, data: { x: tf.Tensor }, seed: number, args: TrainArgs, stats: { mean: number; std: number }): Promise<void> {
  const updatesPerEpoch = Math.ceil(Math.ceil(data.x.shape[0]! / args.batchSize) / args.accumulateSteps);
  const optimizer = new Optimizer(buildTransform(args), trainableParameters(model));
  try {
    await fit({ model, optimizer, data: data as DataLike, ...fitOptionsFrom(args, stats, updatesPerEpoch), callbacks: [stopOnNaN()], rng: seed });
  } finally {
    optimizer.dispose();
  }
}
