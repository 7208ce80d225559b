import { parseArgs } from 'node:util';
import { BACKEND_NAMES } from '@dl/core';
import type { BackendName } from '@dl/core';

export const MODELS = ['cnn', 'mlp', 'softmax'] as const;
export const OPTIMIZERS = ['sgd', 'adam', 'adamw', 'rmsprop', 'adagrad', 'adadelta', 'adamax', 'nadam', 'radam'] as const;
export const SCHEDULES = ['one-cycle', 'constant', 'step', 'multi-step', 'exponential', 'cosine', 'cosine-restarts', 'linear', 'polynomial', 'bengio', 'plateau'] as const;
export const AUGMENTS = ['flip', 'crop', 'cutout', 'erasing', 'mixup', 'cutmix'] as const;

export type ModelName = (typeof MODELS)[number];
export type OptimizerName = (typeof OPTIMIZERS)[number];
export type ScheduleName = (typeof SCHEDULES)[number];
export type AugmentName = (typeof AUGMENTS)[number];

export interface TrainArgs {
  dataset: 'fashion-mnist' | 'mnist';
  backend: BackendName | 'auto';
  model: ModelName;
  epochs: number;
  batchSize: number;
  optimizer: OptimizerName;
  lr: number;
  momentum: number;
  nesterov: boolean;
  weightDecay: number;
  schedule: ScheduleName;
  /** Schedules stepped per optimizer step (default) or per epoch. */
  schedulePer: 'step' | 'epoch';
  gamma: number | undefined;
  stepSize: number | undefined;
  milestones: number[] | undefined;
  warmup: number;
  augment: AugmentName[];
  cropPadding: number;
  mixAlpha: number;
  labelSmoothing: number;
  validation: number;
  earlyStopping: number | undefined;
  monitor: string;
  checkpointDir: string | undefined;
  checkpointEvery: number;
  keepLast: number;
  resume: string | undefined;
  out: string;
  limit: number | undefined;
  testLimit: number | undefined;
  seed: number;
  dataDir: string | undefined;
  progress: boolean;
  help: boolean;
}

/** What each `--model` preset trains with unless a flag says otherwise. */
export const PRESETS: Record<ModelName, Pick<TrainArgs, 'epochs' | 'batchSize' | 'optimizer' | 'lr' | 'momentum' | 'nesterov' | 'weightDecay' | 'schedule' | 'augment'>> = {
  // The default recipe: SGD Nesterov 0.9, weight decay 5e-4, one-cycle to 0.1, batch 128, flip + pad-2 crop.
  cnn: { epochs: 3, batchSize: 128, optimizer: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 5e-4, schedule: 'one-cycle', augment: ['flip', 'crop'] },
  mlp: { epochs: 5, batchSize: 128, optimizer: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 5e-4, schedule: 'one-cycle', augment: [] },
  // The original baseline: softmax regression, SGD with momentum 0.9 at a constant 0.01.
  softmax: { epochs: 5, batchSize: 128, optimizer: 'sgd', lr: 0.01, momentum: 0.9, nesterov: false, weightDecay: 0, schedule: 'constant', augment: [] },
};

export const USAGE = `Usage: dl-train [options]

Trains a model on Fashion-MNIST (or MNIST) with @dl/train, prints a summary table and the test
accuracy, and writes the learning curves (SVG, CSV, JSON lines) and a JSON report to --out.
Defaults come from the --model preset: cnn (the default recipe: SGD Nesterov momentum 0.9,
weight decay 5e-4, one-cycle to lr 0.1, batch 128, flip + pad-2 random crop, 3 epochs),
mlp (784-256-128-10, no augmentation, 5 epochs) or softmax (the softmax-regression baseline:
SGD momentum 0.9, constant lr 0.01, 5 epochs).

Model and data:
  --model <name>         ${MODELS.join(', ')} (default cnn)
  --dataset <name>       fashion-mnist (default) or mnist
  --data-dir <path>      where the Fashion-MNIST IDX files are (default: the Debian package's)
  --limit <n>            use only the first n training images
  --test-limit <n>       evaluate on only the first n test images
  --validation <x>       fraction of the training set held out for validation, [0, 1) (default 0.1)
  --backend <name>       auto (default: the fastest embedded backend), ${BACKEND_NAMES.join(', ')}
  --seed <n>             seed for the initialisation, split, shuffling, augmentation, dropout (default 0)

Optimisation:
  --epochs <n>           passes over the training set
  --batch-size <n>       mini-batch size
  --optimizer <name>     ${OPTIMIZERS.join(', ')}
  --lr <x>               learning rate (the peak of one-cycle)
  --momentum <x>         momentum in [0, 1) (sgd, rmsprop)
  --[no-]nesterov        Nesterov momentum (sgd)
  --weight-decay <x>     L2 weight decay (decoupled for adamw)
  --schedule <name>      ${SCHEDULES.join(', ')}
  --schedule-per <when>  step (default) or epoch
  --gamma <x>            decay factor (step, multi-step, exponential, plateau)
  --step-size <n>        steps (or epochs) between decays (step)
  --milestones <a,b,..>  decay points (multi-step)
  --warmup <n>           linear warm-up steps before the schedule (default 0)
  --label-smoothing <x>  cross-entropy label smoothing in [0, 1) (default 0)

Augmentation:
  --augment <list>       comma-separated: ${AUGMENTS.join(', ')}; or none
  --crop-padding <n>     padding of the random crop (default 2)
  --mix-alpha <x>        Beta(alpha, alpha) of mixup / cutmix (default 0.2)

Callbacks and files:
  --early-stopping <n>   stop after n epochs without improvement of --monitor
  --monitor <name>       valLoss (default), valAccuracy, loss, accuracy
  --checkpoint-dir <p>   checkpoint directory (default <out>/checkpoints)
  --checkpoint-every <n> save every n epochs (default 1)
  --keep-last <n>        keep the newest n epoch checkpoints (default 3)
  --resume <path>        continue from a checkpoint file (same model and options)
  --out <dir>            where report.json, curves.svg/.csv/.jsonl go (default reports/dl-train)
  --no-progress          print one line per epoch instead of a progress bar
  -h, --help             show this help
`;

function int(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(v) || v < min) throw new RangeError(`dl-train: --${name} must be an integer >= ${min}, got '${raw}'`);
  return v;
}

function real(name: string, raw: string | undefined, fallback: number, ok: (v: number) => boolean, range: string): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || !ok(v)) throw new RangeError(`dl-train: --${name} must be ${range}, got '${raw}'`);
  return v;
}

function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
  if (raw === undefined) return fallback;
  if (!allowed.includes(raw as T)) throw new RangeError(`dl-train: --${name} must be one of ${allowed.join(', ')}, got '${raw}'`);
  return raw as T;
}

/** Parses and validates dl-train's command line; errors name the option. */
export function parseTrainArgs(argv: string[]): TrainArgs {
  let values;
  const s = { type: 'string' } as const;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowNegative: true,
      options: {
        dataset: s, backend: s, model: s, epochs: s, 'batch-size': s, optimizer: s, lr: s, momentum: s,
        nesterov: { type: 'boolean' }, 'weight-decay': s, schedule: s, 'schedule-per': s, gamma: s, 'step-size': s,
        milestones: s, warmup: s, augment: s, 'crop-padding': s, 'mix-alpha': s, 'label-smoothing': s, validation: s,
        'early-stopping': s, monitor: s, 'checkpoint-dir': s, 'checkpoint-every': s, 'keep-last': s, resume: s, out: s,
        limit: s, 'test-limit': s, seed: s, 'data-dir': s,
        progress: { type: 'boolean', default: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new TypeError(`dl-train: ${(error as Error).message}`);
  }
  const dataset = values.dataset ?? 'fashion-mnist';
  if (dataset !== 'fashion-mnist' && dataset !== 'mnist') throw new RangeError(`dl-train: --dataset must be fashion-mnist or mnist, got '${dataset}'`);
  const backend = values.backend ?? 'auto';
  if (backend !== 'auto' && !BACKEND_NAMES.includes(backend as BackendName)) {
    throw new RangeError(`dl-train: --backend must be one of auto, ${BACKEND_NAMES.join(', ')}, got '${backend}'`);
  }
  const model = oneOf('model', values.model, MODELS, 'cnn');
  const p = PRESETS[model];
  let augment = p.augment;
  if (values.augment !== undefined) {
    const list = values.augment.split(',').map((a) => a.trim()).filter(Boolean);
    augment = list.length === 1 && list[0] === 'none' ? [] : list.map((a) => oneOf('augment', a, AUGMENTS, 'flip'));
  }
  let milestones: number[] | undefined;
  if (values.milestones !== undefined) milestones = values.milestones.split(',').map((m) => int('milestones', m.trim(), 0, 1));
  return {
    dataset,
    backend: backend as BackendName | 'auto',
    model,
    epochs: int('epochs', values.epochs, p.epochs, 1),
    batchSize: int('batch-size', values['batch-size'], p.batchSize, 1),
    optimizer: oneOf('optimizer', values.optimizer, OPTIMIZERS, p.optimizer),
    lr: real('lr', values.lr, p.lr, (v) => v > 0, 'a positive number'),
    momentum: real('momentum', values.momentum, p.momentum, (v) => v >= 0 && v < 1, 'in [0, 1)'),
    nesterov: values.nesterov ?? p.nesterov,
    weightDecay: real('weight-decay', values['weight-decay'], p.weightDecay, (v) => v >= 0, '>= 0'),
    schedule: oneOf('schedule', values.schedule, SCHEDULES, p.schedule),
    schedulePer: oneOf('schedule-per', values['schedule-per'], ['step', 'epoch'] as const, 'step'),
    gamma: values.gamma === undefined ? undefined : real('gamma', values.gamma, 0, (v) => v > 0 && v <= 1, 'in (0, 1]'),
    stepSize: values['step-size'] === undefined ? undefined : int('step-size', values['step-size'], 0, 1),
    milestones,
    warmup: int('warmup', values.warmup, 0, 0),
    augment,
    cropPadding: int('crop-padding', values['crop-padding'], 2, 0),
    mixAlpha: real('mix-alpha', values['mix-alpha'], 0.2, (v) => v > 0, 'a positive number'),
    labelSmoothing: real('label-smoothing', values['label-smoothing'], 0, (v) => v >= 0 && v < 1, 'in [0, 1)'),
    validation: real('validation', values.validation, 0.1, (v) => v >= 0 && v < 1, 'in [0, 1)'),
    earlyStopping: values['early-stopping'] === undefined ? undefined : int('early-stopping', values['early-stopping'], 0, 1),
    monitor: oneOf('monitor', values.monitor, ['valLoss', 'valAccuracy', 'loss', 'accuracy'] as const, 'valLoss'),
    checkpointDir: values['checkpoint-dir'],
    checkpointEvery: int('checkpoint-every', values['checkpoint-every'], 1, 1),
    keepLast: int('keep-last', values['keep-last'], 3, 1),
    resume: values.resume,
    out: values.out ?? 'reports/dl-train',
    limit: values.limit === undefined ? undefined : int('limit', values.limit, 0, 1),
    testLimit: values['test-limit'] === undefined ? undefined : int('test-limit', values['test-limit'], 0, 1),
    seed: int('seed', values.seed, 0, 0),
    dataDir: values['data-dir'],
    progress: values.progress,
    help: values.help,
  };
}
