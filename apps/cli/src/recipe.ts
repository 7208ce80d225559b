import type { Schedule } from '@dl/core';
import { adadelta, adagrad, adam, adamax, adamw, nadam, radam, rmsprop, sgd } from '@dl/optim';
import type { GradientTransformation } from '@dl/optim';
import {
  bengio, cosineAnnealing, cosineWarmRestarts, exponential, linear, multiStep, oneCycle, polynomial, stepDecay, warmup,
} from '@dl/schedulers';
import { compose, cutmix, cutout, mixup, randomCrop, randomErasing, randomHorizontalFlip } from '@dl/augment';
import type { Mix, Transform } from '@dl/augment';
import type { TrainArgs } from './args.js';

/** The learning rate the optimizer starts with: a number, or a schedule over `units` steps (or epochs). */
export function buildSchedule(args: TrainArgs, units: number): number | Schedule {
  const { lr } = args;
  const g = args.gamma;
  let s: number | Schedule;
  switch (args.schedule) {
    case 'one-cycle': s = oneCycle({ maxLr: lr, totalSteps: units }); break;
    case 'constant': case 'plateau': s = lr; break;
    case 'step': s = stepDecay({ lr, stepSize: args.stepSize ?? Math.max(1, Math.ceil(units / 3)), gamma: g ?? 0.1 }); break;
    case 'multi-step': s = multiStep({ lr, milestones: args.milestones ?? [Math.max(1, Math.round(units / 2)), Math.max(2, Math.round((3 * units) / 4))], gamma: g ?? 0.1 }); break;
    case 'exponential': s = exponential({ lr, gamma: g ?? Math.pow(0.01, 1 / Math.max(1, units)) }); break;
    case 'cosine': s = cosineAnnealing({ lr, tMax: units }); break;
    case 'cosine-restarts': s = cosineWarmRestarts({ lr, t0: Math.max(1, Math.ceil(units / 3)) }); break;
    case 'linear': s = linear({ lr, startFactor: 1, endFactor: 0.01, totalIters: units }); break;
    case 'polynomial': s = polynomial({ lr, totalIters: units, power: 1 }); break;
    case 'bengio': s = bengio({ lr, tau: Math.max(1, Math.ceil(units / 2)) }); break;
  }
  if (args.warmup > 0) s = warmup(typeof s === 'number' ? () => lr : s, { steps: args.warmup, startFactor: 0.1 });
  return s;
}

export function buildTransform(args: TrainArgs): GradientTransformation<unknown> {
  const { lr, momentum, weightDecay } = args;
  switch (args.optimizer) {
    case 'sgd': return sgd({ lr, momentum, nesterov: args.nesterov && momentum > 0, weightDecay }) as never;
    case 'adam': return adam({ lr, weightDecay }) as never;
    case 'adamw': return adamw({ lr, weightDecay }) as never;
    case 'rmsprop': return rmsprop({ lr, momentum, weightDecay }) as never;
    case 'adagrad': return adagrad({ lr, weightDecay }) as never;
    case 'adadelta': return adadelta({ lr, weightDecay }) as never;
    case 'adamax': return adamax({ lr, weightDecay }) as never;
    case 'nadam': return nadam({ lr, weightDecay }) as never;
    case 'radam': return radam({ lr, weightDecay }) as never;
  }
}

/** The per-image transforms and the batch mixer the `--augment` list asks for. `fill` is what black is after normalisation. */
export function buildAugment(args: TrainArgs, fill: number): { augment?: Transform; mix?: Mix } {
  const t: Transform[] = [];
  for (const a of args.augment) {
    if (a === 'flip') t.push(randomHorizontalFlip());
    if (a === 'crop') t.push(randomCrop({ size: 28, padding: args.cropPadding, fill }));
    if (a === 'cutout') t.push(cutout({ size: 8, fill }));
    if (a === 'erasing') t.push(randomErasing({ value: fill }));
  }
  const out: { augment?: Transform; mix?: Mix } = {};
  if (t.length) out.augment = compose(t);
  if (args.augment.includes('mixup')) out.mix = mixup({ alpha: args.mixAlpha, numClasses: 10 });
  else if (args.augment.includes('cutmix')) out.mix = cutmix({ alpha: args.mixAlpha, numClasses: 10 });
  return out;
}
