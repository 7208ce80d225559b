import { parseArgs } from 'node:util';
import { listPretrained } from '@dl/zoo';
import { BACKEND_NAMES } from '@dl/core';
import type { BackendName } from '@dl/core';

export const MODELS = ['cnn', 'mlp', 'softmax', 'mnist-transfer'] as const;
export const OPTIMIZERS = ['sgd', 'adam', 'adamw', 'rmsprop', 'adagrad', 'adadelta', 'adamax', 'nadam', 'radam'] as const;
export const SCHEDULES = [
  'one-cycle', 'constant', 'step', 'multi-step', 'exponential', 'inverse-time', 'bengio', 'cosine', 'cosine-restarts', 'linear', 'polynomial', 'cyclic', 'plateau',
] as const;
export const AUGMENTS = ['flip', 'vflip', 'crop', 'resized-crop', 'scale', 'affine', 'jitter', 'lens', 'cutout', 'erasing', 'mixup', 'cutmix'] as const;

export type ModelName = (typeof MODELS)[number];
export type OptimizerName = (typeof OPTIMIZERS)[number];
export type ScheduleName = (typeof SCHEDULES)[number];
export type AugmentName = (typeof AUGMENTS)[number];
export const BN_POLICIES = ['train', 'frozen-affine', 'eval'] as const;
export type BnPolicyName = (typeof BN_POLICIES)[number];
export const EMA_WARMUPS = ['none', 'tf', 'timm', 'debias'] as const;
export const TTA_VIEWS = ['flip', 'five-crop', 'ten-crop'] as const;
export const TTA_MERGES = ['mean', 'gmean', 'vote', 'max', 'tsharpen'] as const;
export type TtaViewName = (typeof TTA_VIEWS)[number];

/**
 * The optimizer's settings. `lr` and `weightDecay` always; the rest only for the optimizers that
 * have them (undefined otherwise), resolved: PyTorch's defaults, the preset's, or the flags'.
 */
export interface OptimizerSettings {
  lr: number;
  weightDecay: number;
  /** sgd, rmsprop */
  momentum?: number | undefined;
  /** sgd */
  dampening?: number | undefined;
  /** sgd: Nesterov momentum in effect (false when momentum is 0) */
  nesterov?: boolean | undefined;
  /** adam, adamw, adamax, nadam, radam */
  betas?: [number, number] | undefined;
  /** every optimizer but sgd */
  eps?: number | undefined;
  /** adam, adamw */
  amsgrad?: boolean | undefined;
  /** rmsprop's smoothing constant */
  alpha?: number | undefined;
  /** rmsprop */
  centered?: boolean | undefined;
  /** adadelta */
  rho?: number | undefined;
  /** adagrad */
  lrDecay?: number | undefined;
  /** adagrad */
  initialAccumulatorValue?: number | undefined;
  /** nadam */
  momentumDecay?: number | undefined;
  /** nadam, radam (PyTorch >= 2.1); adamw's decay is always decoupled */
  decoupledWeightDecay?: boolean | undefined;
}

export interface TrainArgs extends OptimizerSettings {
  dataset: 'fashion-mnist' | 'mnist';
  backend: BackendName | 'auto';
  model: ModelName;
  epochs: number;
  batchSize: number;
  optimizer: OptimizerName;
  schedule: ScheduleName;
  /** Schedules stepped per optimizer step (default) or per epoch. */
  schedulePer: 'step' | 'epoch';
  // Schedule options: undefined unless given; their defaults depend on the run's length (see recipe.ts).
  gamma: number | undefined;
  stepSize: number | undefined;
  milestones: number[] | undefined;
  decayRate: number | undefined;
  tau: number | undefined;
  etaMin: number | undefined;
  t0: number | undefined;
  tMult: number | undefined;
  startFactor: number | undefined;
  endFactor: number | undefined;
  power: number | undefined;
  pctStart: number | undefined;
  annealStrategy: 'cos' | 'linear' | undefined;
  divFactor: number | undefined;
  finalDivFactor: number | undefined;
  threePhase: boolean | undefined;
  baseLr: number | undefined;
  stepSizeUp: number | undefined;
  stepSizeDown: number | undefined;
  cyclicMode: 'triangular' | 'triangular2' | 'exp-range' | undefined;
  /** one-cycle, cyclic: momentum (or beta1) cycled against the rate; undefined for the other schedules. */
  cycleMomentum: boolean | undefined;
  baseMomentum: number | undefined;
  maxMomentum: number | undefined;
  patience: number | undefined;
  threshold: number | undefined;
  cooldown: number | undefined;
  minLr: number | undefined;
  warmup: number;
  warmupFactor: number;
  warmupMode: 'linear' | 'constant' | 'exponential';
  augment: AugmentName[];
  cropPadding: number;
  paddingMode: 'constant' | 'edge' | 'reflect' | 'symmetric';
  resizedCropScale: [number, number];
  scaleSizes: [number, number];
  degrees: number;
  translate: [number, number];
  affineScale: [number, number];
  shear: number;
  brightness: number;
  contrast: number;
  k1: number;
  cutoutSize: number;
  mixAlpha: number;
  labelSmoothing: number;
  clipGradNorm: number | undefined;
  gradNormType: number | 'inf' | undefined;
  clipGradValue: number | undefined;
  accumulateSteps: number;
  shuffle: boolean;
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
  // Transfer learning (@dl/transfer)
  /** Train on these classes only, labels remapped to 0..k-1 in this order (Keras's `y - 5`). */
  classes: number[] | undefined;
  /** Weights to start from: a dl-train checkpoint or a plain DLCKPT file. */
  pretrained: string | undefined;
  /** Freeze a depth (first n children) or named children / parameters. */
  freeze: number | string[] | undefined;
  bnPolicy: BnPolicyName | undefined;
  layerDecay: number | undefined;
  lrSlice: { lo?: number; hi: number } | undefined;
  fineTune: boolean;
  freezeEpochs: number | undefined;
  lrMult: number | undefined;
  gradualUnfreeze: 'ulmfit' | 'backbone' | undefined;
  unfreezeAt: number | undefined;
  /** Whether --optimizer was given (--fine-tune uses fastai's Adam otherwise). */
  optimizerGiven: boolean;
  // Ensembles and weight averaging (@dl/ensemble). The options of a variant are undefined
  // unless the variant is on; then they hold the value in effect (given or default).
  /** EMA (Polyak) decay of the averaged weights, evaluated beside the raw ones. */
  ema: number | undefined;
  emaEvery: number | undefined;
  emaWarmup: (typeof EMA_WARMUPS)[number] | undefined;
  /** The first (1-based) epoch of SWA. */
  swaStart: number | undefined;
  swaLr: number | undefined;
  swaAnnealEpochs: number | undefined;
  swaAnneal: 'cos' | 'linear' | undefined;
  swaEvery: number | undefined;
  /** Cycles (and snapshots) of a snapshot ensemble. */
  snapshots: number | undefined;
  /** Independent members trained with seeds seed .. seed + k - 1. */
  ensembleSeeds: number | undefined;
  tta: TtaViewName | undefined;
  /** Padding of the images before five / ten crops of 28x28 (crops only). */
  ttaPadding: number | undefined;
  ttaMerge: (typeof TTA_MERGES)[number] | undefined;
  ttaBeta: number | undefined;
}

/** What each `--model` preset trains with unless a flag says otherwise (`settings`: more of its optimizer's). */
export const PRESETS: Record<ModelName, Pick<TrainArgs, 'epochs' | 'batchSize' | 'optimizer' | 'schedule' | 'augment'> & Pick<OptimizerSettings, 'momentum' | 'nesterov'> & Required<Pick<OptimizerSettings, 'lr' | 'weightDecay'>> & { settings?: Partial<OptimizerSettings> }> = {
  // The default recipe: SGD Nesterov 0.9, weight decay 5e-4, one-cycle to 0.1, batch 128, flip + pad-2 crop.
  cnn: { epochs: 3, batchSize: 128, optimizer: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 5e-4, schedule: 'one-cycle', augment: ['flip', 'crop'] },
  mlp: { epochs: 5, batchSize: 128, optimizer: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 5e-4, schedule: 'one-cycle', augment: [] },
  // The original baseline: softmax regression, SGD with momentum 0.9 at a constant 0.01.
  softmax: { epochs: 5, batchSize: 128, optimizer: 'sgd', lr: 0.01, momentum: 0.9, nesterov: false, weightDecay: 0, schedule: 'constant', augment: [] },
  // Keras's examples/mnist_transfer_cnn.py: Adadelta as Keras 2.2 (lr 1.0, rho 0.95, epsilon 1e-7), batch 128, 5 epochs.
  'mnist-transfer': {
    epochs: 5, batchSize: 128, optimizer: 'adadelta', lr: 1, momentum: undefined, nesterov: undefined, weightDecay: 0, schedule: 'constant', augment: [],
    settings: { rho: 0.95, eps: 1e-7 },
  },
};

const BETAS: [number, number] = [0.9, 0.999];

/**
 * PyTorch's defaults of each optimizer (`torch.optim`, 1.13; `decoupled_weight_decay` from 2.1).
 * An `--optimizer` other than the preset's starts from these. SGD has no default rate in PyTorch
 * 1.13 (2.x's is 1e-3); it is only ever the presets' own optimizer, which brings its rate.
 */
export const OPTIMIZER_DEFAULTS: Record<OptimizerName, OptimizerSettings> = {
  sgd: { lr: 1e-3, weightDecay: 0, momentum: 0, dampening: 0, nesterov: false },
  adam: { lr: 1e-3, weightDecay: 0, betas: BETAS, eps: 1e-8, amsgrad: false },
  adamw: { lr: 1e-3, weightDecay: 1e-2, betas: BETAS, eps: 1e-8, amsgrad: false },
  rmsprop: { lr: 1e-2, weightDecay: 0, alpha: 0.99, eps: 1e-8, momentum: 0, centered: false },
  adagrad: { lr: 1e-2, weightDecay: 0, lrDecay: 0, initialAccumulatorValue: 0, eps: 1e-10 },
  adadelta: { lr: 1, weightDecay: 0, rho: 0.9, eps: 1e-6 },
  adamax: { lr: 2e-3, weightDecay: 0, betas: BETAS, eps: 1e-8 },
  nadam: { lr: 2e-3, weightDecay: 0, betas: BETAS, eps: 1e-8, momentumDecay: 4e-3, decoupledWeightDecay: false },
  radam: { lr: 1e-3, weightDecay: 0, betas: BETAS, eps: 1e-8, decoupledWeightDecay: false },
};

/** The flag of each optimizer setting (`betas` is two flags). */
const OPTIMIZER_FLAGS: Record<Exclude<keyof OptimizerSettings, 'betas'>, string> = {
  lr: 'lr', weightDecay: 'weight-decay', momentum: 'momentum', dampening: 'dampening', nesterov: 'nesterov', eps: 'eps', amsgrad: 'amsgrad',
  alpha: 'alpha', centered: 'centered', rho: 'rho', lrDecay: 'lr-decay', initialAccumulatorValue: 'initial-accumulator-value',
  momentumDecay: 'momentum-decay', decoupledWeightDecay: 'decoupled-weight-decay',
};

/** The flags `--optimizer name` takes. */
export function optimizerFlags(name: OptimizerName): string[] {
  return Object.keys(OPTIMIZER_DEFAULTS[name]).flatMap((k) => (k === 'betas' ? ['beta1', 'beta2'] : [OPTIMIZER_FLAGS[k as keyof typeof OPTIMIZER_FLAGS]]));
}

const ALL_OPTIMIZER_FLAGS = [...new Set(OPTIMIZERS.flatMap(optimizerFlags))];

/** The schedules each schedule option applies to. */
export const SCHEDULE_FLAGS: Record<string, readonly ScheduleName[]> = {
  'schedule-per': SCHEDULES.filter((s) => s !== 'constant' && s !== 'plateau'),
  warmup: SCHEDULES.filter((s) => s !== 'plateau'),
  gamma: ['step', 'multi-step', 'exponential', 'cyclic', 'plateau'],
  'step-size': ['step'],
  milestones: ['multi-step'],
  'decay-rate': ['inverse-time'],
  tau: ['bengio'],
  'eta-min': ['cosine', 'cosine-restarts'],
  t0: ['cosine-restarts'],
  't-mult': ['cosine-restarts'],
  'start-factor': ['linear'],
  'end-factor': ['linear'],
  power: ['polynomial'],
  'pct-start': ['one-cycle'],
  'anneal-strategy': ['one-cycle'],
  'div-factor': ['one-cycle'],
  'final-div-factor': ['one-cycle'],
  'three-phase': ['one-cycle'],
  'base-lr': ['cyclic'],
  'step-size-up': ['cyclic'],
  'step-size-down': ['cyclic'],
  'cyclic-mode': ['cyclic'],
  'cycle-momentum': ['one-cycle', 'cyclic'],
  'base-momentum': ['one-cycle', 'cyclic'],
  'max-momentum': ['one-cycle', 'cyclic'],
  patience: ['plateau'],
  threshold: ['plateau'],
  cooldown: ['plateau'],
  'min-lr': ['plateau'],
};

/** The augmentations each augmentation option applies to. */
export const AUGMENT_FLAGS: Record<string, readonly AugmentName[]> = {
  'crop-padding': ['crop'],
  'padding-mode': ['crop'],
  'resized-crop-scale': ['resized-crop'],
  'scale-sizes': ['scale'],
  degrees: ['affine'],
  translate: ['affine'],
  'affine-scale': ['affine'],
  shear: ['affine'],
  brightness: ['jitter'],
  contrast: ['jitter'],
  k1: ['lens'],
  'cutout-size': ['cutout'],
  'mix-alpha': ['mixup', 'cutmix'],
};

export const USAGE = `Usage: dl-train [options]
       dl-train transfer-curve [options]   (transferability curves: dl-train transfer-curve --help)
       dl-train transfer-advice [options]  (the four cases of transfer, measured: dl-train transfer-advice --help)
       dl-train pretrain [options]         (proxy-task pre-training, measured: dl-train pretrain --help)
       dl-train search [options]           (hyper-parameter search, in-process or on a Redis queue: dl-train search --help)
       dl-train worker --redis <url>       (runs queued trials and ensemble members: dl-train worker --help)
       dl-train ensemble [options]         (--ensemble-seeds through search's executor, --redis to queue: dl-train ensemble --help)

Trains a model on Fashion-MNIST (or MNIST) with @dl/train, prints a summary table and the test
accuracy, and writes the learning curves (SVG, CSV, JSON lines) and a JSON report to --out.
Defaults come from the --model preset: cnn (the default recipe: SGD Nesterov momentum 0.9,
weight decay 5e-4, one-cycle to lr 0.1 with momentum cycled 0.95-0.85 as PyTorch's OneCycleLR,
batch 128, flip + pad-2 random crop, 3 epochs),
mlp (784-256-128-10, no augmentation, 5 epochs) or softmax (the softmax-regression baseline:
SGD momentum 0.9, constant lr 0.01, 5 epochs).

An option that the chosen optimizer, schedule or augmentations do not use is an error.

Model and data:
  --model <name>         ${MODELS.join(', ')} (default cnn)
  --dataset <name>       fashion-mnist (default) or mnist
  --data-dir <path>      where the Fashion-MNIST IDX files are (default: the Debian package's)
  --limit <n>            use only the first n training images
  --test-limit <n>       evaluate on only the first n test images
  --validation <x>       fraction of the training set held out for validation, [0, 1) (default 0.1)
  --backend <name>       auto (default: the fastest embedded backend), ${BACKEND_NAMES.join(', ')}
  --seed <n>             seed for the initialisation, split, shuffling, augmentation, dropout (default 0)

Training:
  --epochs <n>           passes over the training set
  --batch-size <n>       mini-batch size
  --label-smoothing <x>  cross-entropy label smoothing in [0, 1) (default 0)
  --clip-grad-norm <x>   clip the gradients' global norm to x (torch.nn.utils.clip_grad_norm_)
  --grad-norm-type <p>   the norm of --clip-grad-norm: a number > 0 or inf (default 2)
  --clip-grad-value <x>  clip every gradient element to [-x, x] (clip_grad_value_)
  --accumulate-steps <k> sum the gradients of k batches per optimizer step (default 1)
  --no-shuffle           keep the training set's order

Optimizer (--optimizer <name>): ${OPTIMIZERS.join(', ')}
  Without --optimizer, the preset's SGD (and --optimizer sgd keeps it: PyTorch 1.13 has no default
  lr for SGD). Any other optimizer starts from PyTorch's defaults: lr adam/adamw/radam 1e-3,
  adamax/nadam 2e-3, rmsprop/adagrad 1e-2, adadelta 1.0; weight decay 0 (adamw 1e-2); the
  schedule (one-cycle for cnn and mlp) then peaks at that lr.
  --lr <x>               learning rate (the peak of one-cycle and cyclic)
  --weight-decay <x>     weight decay (L2; decoupled for adamw and --decoupled-weight-decay)
  --momentum <x>         momentum in [0, 1) (sgd, rmsprop; default 0, the presets' sgd 0.9)
  --dampening <x>        dampening of the momentum in [0, 1] (sgd; default 0)
  --[no-]nesterov        Nesterov momentum (sgd; needs momentum > 0 and dampening 0)
  --beta1 <x>            first-moment decay in [0, 1) (adam, adamw, adamax, nadam, radam; default 0.9)
  --beta2 <x>            second-moment decay in [0, 1) (the same; default 0.999)
  --eps <x>              the denominator's epsilon (every optimizer but sgd; PyTorch's default each)
  --[no-]amsgrad         AMSGrad (adam, adamw; default off)
  --alpha <x>            smoothing constant of the squared-gradient average (rmsprop; default 0.99)
  --[no-]centered        centred RMSprop (rmsprop; default off)
  --rho <x>              decay of the running averages in [0, 1] (adadelta; default 0.9)
  --lr-decay <x>         lr / (1 + (t - 1) x) (adagrad; default 0)
  --initial-accumulator-value <x>  (adagrad; default 0)
  --momentum-decay <x>   (nadam; default 4e-3)
  --[no-]decoupled-weight-decay  AdamW-style decay (nadam, radam; PyTorch >= 2.1; default off)

Schedule (--schedule <name>): ${SCHEDULES.slice(0, 7).join(', ')},
  ${SCHEDULES.slice(7).join(', ')}
  Every schedule but plateau runs over the whole run (its steps, or epochs with --schedule-per
  epoch) after the warm-up; constant holds --lr; plateau divides it when the validation loss stalls.
  --schedule-per <when>  step (default) or epoch
  --warmup <n>           steps (or epochs) of warm-up before the schedule, which is shortened by
                         as much so that it still ends where it would (default 0)
  --warmup-factor <x>    the warm-up's first rate is x times its target, (0, 1] (default 0.1)
  --warmup-mode <m>      linear (default), constant (PyTorch's ConstantLR) or exponential
  --gamma <x>            decay factor in (0, 1] (step, multi-step: default 0.1; exponential: default
                         reaches lr/100 at the end; cyclic with --cyclic-mode exp-range; plateau: 0.1)
  --step-size <n>        steps (or epochs) between decays (step; default a third of the run)
  --milestones <a,b,..>  decay points, counted after the warm-up (multi-step; default 1/2 and 3/4 of the run)
  --decay-rate <k>       lr / (1 + k t) (inverse-time; default reaches lr/10 at the end)
  --tau <n>              lr tau / max(t, tau) (bengio; default half the run)
  --eta-min <x>          the floor (cosine, cosine-restarts; default 0)
  --t0 <n>               the first period (cosine-restarts; default a third of the run)
  --t-mult <n>           each period is this many times the last (cosine-restarts; default 1)
  --start-factor <x>     (linear; default 1)
  --end-factor <x>       lr factor reached at the end (linear; default 0.01)
  --power <x>            (polynomial; default 1)
  --pct-start <x>        fraction of the cycle spent rising (one-cycle; default 0.3)
  --anneal-strategy <s>  cos (default) or linear (one-cycle)
  --div-factor <x>       the cycle starts at lr / x (one-cycle; default 25)
  --final-div-factor <x> and ends at lr / div-factor / x (one-cycle; default 1e4)
  --[no-]three-phase     (one-cycle; default off)
  --base-lr <x>          the cycle's low rate (cyclic; default lr / 4; --lr is its high rate)
  --step-size-up <n>     steps of the rising half (cyclic; default a quarter of the run: two cycles)
  --step-size-down <n>   steps of the falling half (cyclic; default --step-size-up)
  --cyclic-mode <m>      triangular (default), triangular2 or exp-range (cyclic)
  --[no-]cycle-momentum  cycle momentum (sgd, rmsprop) or beta1 (the Adam family) against the rate,
                         as PyTorch's OneCycleLR and CyclicLR (one-cycle, cyclic; default on when
                         the optimizer has momentum > 0 or betas, so the presets' SGD momentum 0.9
                         becomes 0.95 down to 0.85 and back in one-cycle)
  --base-momentum <x>    momentum at the peak rate (one-cycle: default 0.85, cyclic: 0.8)
  --max-momentum <x>     momentum at the low rate (one-cycle: default 0.95, cyclic: 0.9)
  --patience <n>         epochs without improvement before a cut (plateau; default 1)
  --threshold <x>        relative improvement that counts (plateau; default 1e-4)
  --cooldown <n>         epochs to wait after a cut (plateau; default 0)
  --min-lr <x>           the floor (plateau; default 0)

Augmentation (--augment <list>, comma-separated, applied in the order given; or none):
  ${AUGMENTS.join(', ')}
  --crop-padding <n>     padding of the random crop (crop; default 2)
  --padding-mode <m>     constant (black, default), edge, reflect or symmetric (crop)
  --resized-crop-scale <a,b>  area range of the crop (resized-crop; default 0.5,1)
  --scale-sizes <a,b>    shorter side drawn from [a, b] before a 28x28 crop (scale; default 28,32)
  --degrees <x>          rotation range [-x, x] (affine; default 10)
  --translate <a,b>      largest shifts as fractions of width, height (affine; default 0.1,0.1)
  --affine-scale <a,b>   scale range (affine; default 0.9,1.1)
  --shear <x>            shear range [-x, x] in degrees (affine; default 0)
  --brightness <x>       brightness factor from [1 - x, 1 + x] (jitter; default 0.2)
  --contrast <x>         contrast factor from [1 - x, 1 + x] (jitter; default 0.2)
  --k1 <x>               radial distortion from [-x, x] (lens; default 0.2)
  --cutout-size <n>      side of the square cut out (cutout; default 8)
  --mix-alpha <x>        Beta(alpha, alpha) of mixup / cutmix (default 0.2)

Transfer learning (@dl/transfer):
  --model mnist-transfer Keras's examples/mnist_transfer_cnn.py: conv32-conv32-pool-dropout-dense128-
                         dropout-dense, glorot-uniform, Adadelta lr 1 rho 0.95 eps 1e-7, batch 128,
                         5 epochs, pixels in [0, 1]
  --classes <a-b|list>   train and test on these classes, labels remapped to 0..k-1 (e.g. 0-4, 5-9)
  --pretrained <path>    start from a dl-train checkpoint (or DLCKPT file), or zoo:NAME for a model of
                         @dl/zoo (fashion-cnn, mnist-cnn, fashion-0-4, fashion-5-9): weights copied by name;
                         a classifier of another width keeps its new initialisation (the run says so)
  --freeze <n|names>     freeze the first n children, or the named children/parameters (comma-separated):
                         no gradient, no weight decay, no optimizer state
  --bn-policy <p>        the frozen batch norms: train (fastai), frozen-affine (PyTorch, default), eval (tf.keras)
  --layer-decay <d>      timm's layer-wise rates: block i of L at lr * d^(L-1-i), no weight decay on 1-D parameters
  --lr-slice <hi|lo:hi>  fastai's slice: lo..hi geometric over the blocks, or hi/10 below the head (sets --lr to hi)
  --fine-tune            fastai's fine_tune: --freeze-epochs (default 1) with the head only, then everything
                         with one-cycle and the backbone at lr / --lr-mult (default 100); lr default 2e-3,
                         fastai's Adam unless --optimizer
  --gradual-unfreeze <m> ulmfit (one block more per epoch, lr / 2.6 per block below) or backbone
                         (Lightning's BackboneFinetuning: the backbone joins at --unfreeze-at, default 10)

Ensembles and weight averaging (@dl/ensemble): each variant's test accuracy, loss and top-3 accuracy
are printed beside the final weights' in a variants table and written to report.json's "variants".
  --ema <decay>          keep an exponential moving average of the weights, w_ema = d w_ema + (1 - d) w
                         (Polyak; timm's ModelEma), decay d in [0, 1]; the model keeps its raw weights
  --ema-every <k>        update the average every k optimizer steps (default 1)
  --ema-warmup <w>       none (default), tf (decay min(d, (1 + t) / (10 + t)), TF's num_updates), timm
                         (ModelEmaV3's warm-up) or debias (Optax: zero start, divided by 1 - d^n)
  --swa-start <epoch>    stochastic weight averaging (torch.optim.swa_utils) from this 1-based epoch, at
                         most --epochs: SWALR anneals to --swa-lr, the weights are averaged equally at the
                         end of every --swa-every epochs, batch-norm statistics recomputed on the
                         training images (update_bn); replaces the schedule from that epoch
  --swa-lr <x>           the SWA learning rate (default --lr / 2, torch.optim.swa_utils' example)
  --swa-anneal-epochs <n>  epochs of annealing to --swa-lr, >= 0 (default 1: PyTorch's 10 is longer
                         than most dl-train runs)
  --swa-anneal <s>       cos (default) or linear
  --swa-every <n>        average every n epochs from --swa-start (default 1)
  --snapshots <m>        snapshot ensemble (Huang et al. 2017): m cycles of cosine from --lr to 0 per
                         step over the run (replaces --schedule), the weights kept (in CPU memory) at
                         each cycle's end; the mean of the m snapshots and the last one alone are reported
  --ensemble-seeds <k>   train k independent members with seeds seed, seed + 1, .., seed + k - 1 (same
                         data, validation split and options), each in <out>/member-<i>/ (its report,
                         curves, and checkpoints, or <checkpoint-dir>/member-<i>); reports each member
                         and the ensemble (mean of their probabilities). Not with --ema, --swa-start,
                         --snapshots or --resume
  --tta <views>          test-time augmentation of the final model (of each member and the ensemble with
                         --ensemble-seeds): ${TTA_VIEWS.join(', ')} (the images and their mirrors;
                         corners and centre of 28x28, and with ten-crop their mirrors)
  --tta-padding <n>      pad the images by n on each side, black as --augment crop, before the crops
                         (five-crop, ten-crop; default 2)
  --tta-merge <m>        how the views combine: ${TTA_MERGES.join(', ')} (default mean, of
                         probabilities)
  --tta-beta <x>         fastai's tta(beta): lerp(views, plain image, x), x in [0, 1] (default: no blend;
                         flip then merges the image and its mirror)

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

function optReal(name: string, raw: string | undefined, ok: (v: number) => boolean, range: string): number | undefined {
  return raw === undefined ? undefined : real(name, raw, 0, ok, range);
}

function optInt(name: string, raw: string | undefined, min: number): number | undefined {
  return raw === undefined ? undefined : int(name, raw, 0, min);
}

function pair(name: string, raw: string | undefined, fallback: [number, number], ok: (a: number, b: number) => boolean, range: string): [number, number] {
  if (raw === undefined) return fallback;
  const parts = raw.split(',').map((p) => p.trim());
  const v = parts.map(Number);
  if (parts.length !== 2 || parts.some((p) => p === '') || !v.every(Number.isFinite) || !ok(v[0]!, v[1]!)) {
    throw new RangeError(`dl-train: --${name} must be two numbers a,b with ${range}, got '${raw}'`);
  }
  return [v[0]!, v[1]!];
}

function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
  if (raw === undefined) return fallback;
  if (!allowed.includes(raw as T)) throw new RangeError(`dl-train: --${name} must be one of ${allowed.join(', ')}, got '${raw}'`);
  return raw as T;
}

const inUnit = (v: number) => v >= 0 && v < 1;
const positive = (v: number) => v > 0;
const nonNegative = (v: number) => v >= 0;

/** Parses and validates dl-train's command line; errors name the option. */
export function parseTrainArgs(argv: string[]): TrainArgs {
  let values: Record<string, string | boolean | undefined>;
  const s = { type: 'string' } as const;
  const b = { type: 'boolean' } as const;
  const stringOptions = [
    'dataset', 'backend', 'model', 'epochs', 'batch-size', 'optimizer', 'schedule', 'warmup-factor', 'warmup-mode',
    'augment', 'label-smoothing', 'clip-grad-norm', 'grad-norm-type', 'clip-grad-value', 'accumulate-steps', 'validation', 'early-stopping', 'monitor',
    'checkpoint-dir', 'checkpoint-every', 'keep-last', 'resume', 'out', 'limit', 'test-limit', 'seed', 'data-dir',
    'classes', 'pretrained', 'freeze', 'bn-policy', 'layer-decay', 'lr-slice', 'freeze-epochs', 'lr-mult', 'gradual-unfreeze', 'unfreeze-at',
    ...VARIANT_FLAGS,
    ...ALL_OPTIMIZER_FLAGS.filter((f) => !['nesterov', 'amsgrad', 'centered', 'decoupled-weight-decay'].includes(f)),
    ...Object.keys(SCHEDULE_FLAGS).filter((f) => f !== 'three-phase' && f !== 'cycle-momentum'),
    ...Object.keys(AUGMENT_FLAGS),
  ];
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowNegative: true,
      options: {
        ...Object.fromEntries(stringOptions.map((o) => [o, s])),
        nesterov: b, amsgrad: b, centered: b, 'decoupled-weight-decay': b, 'three-phase': b, 'cycle-momentum': b, shuffle: b, 'fine-tune': b,
        progress: { type: 'boolean', default: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }) as { values: Record<string, string | boolean | undefined> });
  } catch (error) {
    throw new TypeError(`dl-train: ${(error as Error).message}`);
  }
  const str = (k: string) => values[k] as string | undefined;
  const bool = (k: string) => values[k] as boolean | undefined;
  const given = (k: string) => values[k] !== undefined;

  const dataset = str('dataset') ?? 'fashion-mnist';
  if (dataset !== 'fashion-mnist' && dataset !== 'mnist') throw new RangeError(`dl-train: --dataset must be fashion-mnist or mnist, got '${dataset}'`);
  const backend = str('backend') ?? 'auto';
  if (backend !== 'auto' && !BACKEND_NAMES.includes(backend as BackendName)) {
    throw new RangeError(`dl-train: --backend must be one of auto, ${BACKEND_NAMES.join(', ')}, got '${backend}'`);
  }
  const model = oneOf('model', str('model'), MODELS, 'cnn');
  const p = PRESETS[model];

  // The optimizer: the preset's own (with its settings), or another from PyTorch's defaults.
  const optimizer = oneOf('optimizer', str('optimizer'), OPTIMIZERS, p.optimizer);
  const takes = optimizerFlags(optimizer);
  for (const flag of ALL_OPTIMIZER_FLAGS) {
    if (!given(flag) || takes.includes(flag)) continue;
    const hint =
      flag === 'momentum' && takes.includes('beta1')
        ? 'it has betas: --beta1/--beta2'
        : `${optimizer} takes ${takes.map((f) => `--${f}`).join(', ')}`;
    throw new RangeError(`dl-train: --${flag} does not apply to --optimizer ${optimizer} (${hint})`);
  }
  const fromPreset = optimizer === p.optimizer;
  const base: OptimizerSettings = {
    ...OPTIMIZER_DEFAULTS[optimizer],
    ...(fromPreset ? { lr: p.lr, weightDecay: p.weightDecay, ...(p.momentum !== undefined ? { momentum: p.momentum, nesterov: p.nesterov } : {}), ...p.settings } : {}),
  };
  // --fine-tune: fastai's base_lr 2e-3 and Adam's weight decay 0.01 unless given
  if (bool('fine-tune') && !given('optimizer')) Object.assign(base, { lr: 2e-3, weightDecay: 0.01 });
  const settings: OptimizerSettings = {
    lr: given('lr-slice') ? Number(str('lr-slice')!.split(':').at(-1)) : real('lr', str('lr'), base.lr, positive, 'a positive number'),
    weightDecay: real('weight-decay', str('weight-decay'), base.weightDecay, nonNegative, '>= 0'),
  };
  if (base.momentum !== undefined) settings.momentum = real('momentum', str('momentum'), base.momentum, inUnit, 'in [0, 1)');
  if (base.dampening !== undefined) settings.dampening = real('dampening', str('dampening'), base.dampening, (v) => v >= 0 && v <= 1, 'in [0, 1]');
  if (base.nesterov !== undefined) {
    const nesterov = bool('nesterov');
    if (nesterov && settings.momentum === 0) throw new RangeError('dl-train: --nesterov needs --momentum > 0');
    if (nesterov && settings.dampening! > 0) throw new RangeError('dl-train: --nesterov needs --dampening 0');
    if (nesterov === undefined && base.nesterov && settings.momentum! > 0 && settings.dampening! > 0) {
      throw new RangeError(`dl-train: --dampening needs --no-nesterov (the ${model} preset's SGD uses Nesterov momentum, which takes dampening 0)`);
    }
    settings.nesterov = (nesterov ?? base.nesterov) && settings.momentum! > 0;
  }
  if (base.betas !== undefined) {
    settings.betas = [real('beta1', str('beta1'), base.betas[0], inUnit, 'in [0, 1)'), real('beta2', str('beta2'), base.betas[1], inUnit, 'in [0, 1)')];
  }
  if (base.eps !== undefined) settings.eps = real('eps', str('eps'), base.eps, nonNegative, '>= 0');
  if (base.amsgrad !== undefined) settings.amsgrad = bool('amsgrad') ?? base.amsgrad;
  if (base.alpha !== undefined) settings.alpha = real('alpha', str('alpha'), base.alpha, nonNegative, '>= 0');
  if (base.centered !== undefined) settings.centered = bool('centered') ?? base.centered;
  if (base.rho !== undefined) settings.rho = real('rho', str('rho'), base.rho, (v) => v >= 0 && v <= 1, 'in [0, 1]');
  if (base.lrDecay !== undefined) settings.lrDecay = real('lr-decay', str('lr-decay'), base.lrDecay, nonNegative, '>= 0');
  if (base.initialAccumulatorValue !== undefined) {
    settings.initialAccumulatorValue = real('initial-accumulator-value', str('initial-accumulator-value'), base.initialAccumulatorValue, nonNegative, '>= 0');
  }
  if (base.momentumDecay !== undefined) settings.momentumDecay = real('momentum-decay', str('momentum-decay'), base.momentumDecay, nonNegative, '>= 0');
  if (base.decoupledWeightDecay !== undefined) settings.decoupledWeightDecay = bool('decoupled-weight-decay') ?? base.decoupledWeightDecay;

  // The schedule and the options that belong to it. --snapshots brings its own (cyclic cosine per
  // step, set by the callback): the optimizer starts from the constant --lr, no schedule flag applies.
  if (given('snapshots')) {
    const flag = ['schedule', 'warmup', 'warmup-factor', 'warmup-mode', ...Object.keys(SCHEDULE_FLAGS)].find(given);
    if (flag) throw new RangeError(`dl-train: --snapshots sets the schedule (cosine from --lr, restarted at each of its cycles: Huang et al. 2017); leave out --${flag}`);
  }
  const schedule = given('snapshots') ? 'constant' : oneOf('schedule', str('schedule'), SCHEDULES, p.schedule);
  const whose = given('schedule') ? '' : `the ${model} preset's schedule; `;
  for (const [flag, schedules] of Object.entries(SCHEDULE_FLAGS)) {
    if (given(flag) && !schedules.includes(schedule)) {
      throw new RangeError(`dl-train: --${flag} does not apply to --schedule ${schedule} (${whose}it applies to ${schedules.join(', ')})`);
    }
  }
  const cyclicMode = given('cyclic-mode') ? oneOf('cyclic-mode', str('cyclic-mode'), ['triangular', 'triangular2', 'exp-range'] as const, 'triangular') : undefined;
  if (schedule === 'cyclic' && given('gamma') && cyclicMode !== 'exp-range') {
    throw new RangeError('dl-train: --gamma applies to --schedule cyclic only with --cyclic-mode exp-range');
  }
  // one-cycle and cyclic cycle momentum as PyTorch's do by default, where the optimizer has some to cycle.
  let cycleMomentum: boolean | undefined;
  if (schedule === 'one-cycle' || schedule === 'cyclic') {
    const has = settings.betas !== undefined || (settings.momentum ?? 0) > 0;
    cycleMomentum = bool('cycle-momentum') ?? has;
    if (cycleMomentum && !has) {
      throw new RangeError(
        `dl-train: --cycle-momentum needs an optimizer with momentum > 0 or betas (${optimizer}${settings.momentum === 0 ? ' has momentum 0' : ' has neither'})`,
      );
    }
    for (const flag of ['base-momentum', 'max-momentum']) {
      if (given(flag) && !cycleMomentum) {
        throw new RangeError(`dl-train: --${flag} needs momentum cycling, which is off (${bool('cycle-momentum') === false ? '--no-cycle-momentum' : `${optimizer} has no momentum to cycle`})`);
      }
    }
  }
  const warmup = int('warmup', str('warmup'), 0, 0);
  for (const flag of ['warmup-factor', 'warmup-mode']) {
    if (given(flag) && warmup === 0) throw new RangeError(`dl-train: --${flag} needs --warmup <n> with n > 0`);
  }
  let milestones: number[] | undefined;
  if (given('milestones')) {
    milestones = str('milestones')!.split(',').map((m) => int('milestones', m.trim(), 0, 1));
    if (milestones.some((m, i) => i > 0 && m <= milestones![i - 1]!)) throw new RangeError(`dl-train: --milestones must be increasing, got '${str('milestones')}'`);
  }

  // The augmentations and the options that belong to them.
  let augment = p.augment;
  if (given('augment')) {
    const list = str('augment')!.split(',').map((a) => a.trim()).filter(Boolean);
    augment = list.length === 1 && list[0] === 'none' ? [] : list.map((a) => oneOf('augment', a, AUGMENTS, 'flip'));
    const twice = augment.find((a, i) => augment.indexOf(a) !== i);
    if (twice) throw new RangeError(`dl-train: --augment lists ${twice} twice`);
  }
  if (augment.includes('mixup') && augment.includes('cutmix')) throw new RangeError('dl-train: --augment takes mixup or cutmix, not both');
  for (const [flag, augments] of Object.entries(AUGMENT_FLAGS)) {
    if (given(flag) && !augments.some((a) => augment.includes(a))) {
      throw new RangeError(`dl-train: --${flag} does not apply without ${augments.join(' or ')} in --augment (the augmentations are ${augment.join(', ') || 'none'})`);
    }
  }

  const clipGradNorm = optReal('clip-grad-norm', str('clip-grad-norm'), positive, 'a positive number');
  let gradNormType: number | 'inf' | undefined;
  if (given('grad-norm-type')) {
    if (clipGradNorm === undefined) throw new RangeError('dl-train: --grad-norm-type needs --clip-grad-norm');
    gradNormType = str('grad-norm-type') === 'inf' ? 'inf' : real('grad-norm-type', str('grad-norm-type'), 2, positive, 'a positive number or inf');
  }

  const transfer = parseTransferArgs(str, bool, given);
  const epochs = int('epochs', str('epochs'), p.epochs, 1);
  const variants = parseVariantArgs(str, bool, given, { epochs, lr: settings.lr, schedule, lastEpoch: given('epochs') ? `--epochs ${epochs}` : `the ${model} preset's ${epochs} epochs` });

  return {
    ...transfer,
    ...variants,
    dataset,
    backend: backend as BackendName | 'auto',
    model,
    epochs,
    batchSize: int('batch-size', str('batch-size'), p.batchSize, 1),
    optimizer,
    ...settings,
    schedule,
    schedulePer: oneOf('schedule-per', str('schedule-per'), ['step', 'epoch'] as const, 'step'),
    gamma: optReal('gamma', str('gamma'), (v) => v > 0 && v <= 1, 'in (0, 1]'),
    stepSize: optInt('step-size', str('step-size'), 1),
    milestones,
    decayRate: optReal('decay-rate', str('decay-rate'), nonNegative, '>= 0'),
    tau: optReal('tau', str('tau'), positive, 'a positive number'),
    etaMin: optReal('eta-min', str('eta-min'), nonNegative, '>= 0'),
    t0: optInt('t0', str('t0'), 1),
    tMult: optInt('t-mult', str('t-mult'), 1),
    startFactor: optReal('start-factor', str('start-factor'), (v) => v > 0 && v <= 1, 'in (0, 1]'),
    endFactor: optReal('end-factor', str('end-factor'), (v) => v >= 0 && v <= 1, 'in [0, 1]'),
    power: optReal('power', str('power'), positive, 'a positive number'),
    pctStart: optReal('pct-start', str('pct-start'), (v) => v > 0 && v < 1, 'in (0, 1)'),
    annealStrategy: given('anneal-strategy') ? oneOf('anneal-strategy', str('anneal-strategy'), ['cos', 'linear'] as const, 'cos') : undefined,
    divFactor: optReal('div-factor', str('div-factor'), positive, 'a positive number'),
    finalDivFactor: optReal('final-div-factor', str('final-div-factor'), positive, 'a positive number'),
    threePhase: bool('three-phase'),
    baseLr: optReal('base-lr', str('base-lr'), positive, 'a positive number'),
    stepSizeUp: optReal('step-size-up', str('step-size-up'), positive, 'a positive number'),
    stepSizeDown: optReal('step-size-down', str('step-size-down'), positive, 'a positive number'),
    cyclicMode,
    cycleMomentum,
    baseMomentum: optReal('base-momentum', str('base-momentum'), inUnit, 'in [0, 1)'),
    maxMomentum: optReal('max-momentum', str('max-momentum'), inUnit, 'in [0, 1)'),
    patience: optInt('patience', str('patience'), 0),
    threshold: optReal('threshold', str('threshold'), nonNegative, '>= 0'),
    cooldown: optInt('cooldown', str('cooldown'), 0),
    minLr: optReal('min-lr', str('min-lr'), nonNegative, '>= 0'),
    warmup,
    warmupFactor: real('warmup-factor', str('warmup-factor'), 0.1, (v) => v > 0 && v <= 1, 'in (0, 1]'),
    warmupMode: oneOf('warmup-mode', str('warmup-mode'), ['linear', 'constant', 'exponential'] as const, 'linear'),
    augment,
    cropPadding: int('crop-padding', str('crop-padding'), 2, 0),
    paddingMode: oneOf('padding-mode', str('padding-mode'), ['constant', 'edge', 'reflect', 'symmetric'] as const, 'constant'),
    resizedCropScale: pair('resized-crop-scale', str('resized-crop-scale'), [0.5, 1], (a, c) => a > 0 && a <= c && c <= 1, '0 < a <= b <= 1'),
    scaleSizes: pair('scale-sizes', str('scale-sizes'), [28, 32], (a, c) => Number.isInteger(a) && Number.isInteger(c) && a >= 28 && a <= c, 'integers 28 <= a <= b'),
    degrees: real('degrees', str('degrees'), 10, nonNegative, '>= 0'),
    translate: pair('translate', str('translate'), [0.1, 0.1], (a, c) => a >= 0 && a <= 1 && c >= 0 && c <= 1, 'a, b in [0, 1]'),
    affineScale: pair('affine-scale', str('affine-scale'), [0.9, 1.1], (a, c) => a > 0 && a <= c, '0 < a <= b'),
    shear: real('shear', str('shear'), 0, nonNegative, '>= 0'),
    brightness: real('brightness', str('brightness'), 0.2, nonNegative, '>= 0'),
    contrast: real('contrast', str('contrast'), 0.2, nonNegative, '>= 0'),
    k1: real('k1', str('k1'), 0.2, nonNegative, '>= 0'),
    cutoutSize: int('cutout-size', str('cutout-size'), 8, 1),
    mixAlpha: real('mix-alpha', str('mix-alpha'), 0.2, positive, 'a positive number'),
    labelSmoothing: real('label-smoothing', str('label-smoothing'), 0, inUnit, 'in [0, 1)'),
    clipGradNorm,
    gradNormType,
    clipGradValue: optReal('clip-grad-value', str('clip-grad-value'), positive, 'a positive number'),
    accumulateSteps: int('accumulate-steps', str('accumulate-steps'), 1, 1),
    shuffle: bool('shuffle') ?? true,
    validation: real('validation', str('validation'), 0.1, inUnit, 'in [0, 1)'),
    earlyStopping: optInt('early-stopping', str('early-stopping'), 1),
    monitor: oneOf('monitor', str('monitor'), ['valLoss', 'valAccuracy', 'loss', 'accuracy'] as const, 'valLoss'),
    checkpointDir: str('checkpoint-dir'),
    checkpointEvery: int('checkpoint-every', str('checkpoint-every'), 1, 1),
    keepLast: int('keep-last', str('keep-last'), 3, 1),
    resume: str('resume'),
    out: str('out') ?? 'reports/dl-train',
    limit: optInt('limit', str('limit'), 1),
    testLimit: optInt('test-limit', str('test-limit'), 1),
    seed: int('seed', str('seed'), 0, 0),
    dataDir: str('data-dir'),
    progress: bool('progress') ?? true,
    help: bool('help') ?? false,
  };
}

/** The transfer-learning flags, checked against each other (@dl/transfer). */
function parseTransferArgs(
  str: (k: string) => string | undefined,
  bool: (k: string) => boolean | undefined,
  given: (k: string) => boolean,
): Pick<TrainArgs, 'classes' | 'pretrained' | 'freeze' | 'bnPolicy' | 'layerDecay' | 'lrSlice' | 'fineTune' | 'freezeEpochs' | 'lrMult' | 'gradualUnfreeze' | 'unfreezeAt' | 'optimizerGiven'> {
  let classes: number[] | undefined;
  if (given('classes')) {
    const raw = str('classes')!.trim();
    const range = /^(\d+)-(\d+)$/.exec(raw);
    classes = range ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i) : raw.split(',').map((c) => int('classes', c.trim(), 0, 0));
    if (classes.length < 2 || classes.some((c) => c > 9) || new Set(classes).size !== classes.length) {
      throw new RangeError(`dl-train: --classes must be a range a-b or a list of at least two distinct class ids 0..9, got '${raw}'`);
    }
  }
  let freeze: number | string[] | undefined;
  if (given('freeze')) {
    const raw = str('freeze')!.trim();
    freeze = /^\d+$/.test(raw) ? int('freeze', raw, 0, 1) : raw.split(',').map((n) => n.trim()).filter(Boolean);
    if (Array.isArray(freeze) && freeze.length === 0) throw new RangeError(`dl-train: --freeze must be a depth or comma-separated child names, got '${raw}'`);
  }
  const fineTune = bool('fine-tune') ?? false;
  const gradualUnfreeze = given('gradual-unfreeze') ? oneOf('gradual-unfreeze', str('gradual-unfreeze'), ['ulmfit', 'backbone'] as const, 'ulmfit') : undefined;
  const bnPolicy = given('bn-policy') ? oneOf('bn-policy', str('bn-policy'), BN_POLICIES, 'frozen-affine') : undefined;
  if (bnPolicy !== undefined && freeze === undefined && !fineTune && gradualUnfreeze === undefined) {
    throw new RangeError('dl-train: --bn-policy needs --freeze, --fine-tune or --gradual-unfreeze (it is the policy of the frozen batch norms)');
  }
  const layerDecay = optReal('layer-decay', str('layer-decay'), (v) => v > 0 && v <= 1, 'in (0, 1]');
  let lrSlice: { lo?: number; hi: number } | undefined;
  if (given('lr-slice')) {
    const raw = str('lr-slice')!;
    const parts = raw.split(':').map((x) => Number(x));
    if (parts.length > 2 || parts.some((x) => !Number.isFinite(x) || x <= 0) || (parts.length === 2 && parts[0]! > parts[1]!)) {
      throw new RangeError(`dl-train: --lr-slice must be HI or LO:HI with 0 < LO <= HI, got '${raw}'`);
    }
    lrSlice = parts.length === 2 ? { lo: parts[0]!, hi: parts[1]! } : { hi: parts[0]! };
    if (given('lr')) throw new RangeError('dl-train: --lr-slice sets the learning rate (the head\'s is HI); leave out --lr');
  }
  if (layerDecay !== undefined && lrSlice !== undefined) throw new RangeError('dl-train: --layer-decay and --lr-slice are two ways to set rates per block; give one');
  if (fineTune) {
    for (const flag of ['freeze', 'gradual-unfreeze', 'layer-decay', 'lr-slice', 'schedule', 'resume', 'warmup']) {
      if (given(flag)) throw new RangeError(`dl-train: --${flag} does not apply with --fine-tune (it freezes, unfreezes and schedules itself: fastai's fine_tune)`);
    }
  }
  for (const flag of ['freeze-epochs', 'lr-mult']) if (given(flag) && !fineTune) throw new RangeError(`dl-train: --${flag} needs --fine-tune`);
  if (gradualUnfreeze !== undefined && given('freeze')) throw new RangeError('dl-train: --gradual-unfreeze freezes all but the head itself; leave out --freeze');
  if (given('unfreeze-at') && gradualUnfreeze !== 'backbone') throw new RangeError('dl-train: --unfreeze-at needs --gradual-unfreeze backbone');
  const pretrained = str('pretrained');
  if (pretrained?.startsWith('zoo:')) {
    const names = listPretrained().map((e) => e.name);
    const name = pretrained.slice(4);
    if (!names.includes(name)) throw new RangeError(`dl-train: --pretrained ${pretrained}: @dl/zoo has no model '${name}'; it has ${names.map((n) => `zoo:${n}`).join(', ')}`);
  }
  return {
    classes,
    pretrained,
    freeze,
    bnPolicy,
    layerDecay,
    lrSlice,
    fineTune,
    freezeEpochs: optInt('freeze-epochs', str('freeze-epochs'), 0),
    lrMult: optReal('lr-mult', str('lr-mult'), positive, 'a positive number'),
    gradualUnfreeze,
    unfreezeAt: optInt('unfreeze-at', str('unfreeze-at'), 0),
    optimizerGiven: given('optimizer'),
  };
}

/** The flags of @dl/ensemble's variants. */
const VARIANT_FLAGS = [
  'ema', 'ema-every', 'ema-warmup', 'swa-start', 'swa-lr', 'swa-anneal-epochs', 'swa-anneal', 'swa-every', 'snapshots', 'ensemble-seeds',
  'tta', 'tta-padding', 'tta-merge', 'tta-beta',
];

/** The ensemble and weight-averaging flags (@dl/ensemble), checked against each other and the run. */
function parseVariantArgs(
  str: (k: string) => string | undefined,
  bool: (k: string) => boolean | undefined,
  given: (k: string) => boolean,
  run: { epochs: number; lr: number; schedule: ScheduleName; lastEpoch: string },
): Pick<
  TrainArgs,
  'ema' | 'emaEvery' | 'emaWarmup' | 'swaStart' | 'swaLr' | 'swaAnnealEpochs' | 'swaAnneal' | 'swaEvery' | 'snapshots' | 'ensembleSeeds' | 'tta' | 'ttaPadding' | 'ttaMerge' | 'ttaBeta'
> {
  const needs = (parent: string, flags: string[]): void => {
    for (const flag of flags) if (given(flag) && !given(parent)) throw new RangeError(`dl-train: --${flag} needs --${parent}`);
  };
  needs('ema', ['ema-every', 'ema-warmup']);
  needs('swa-start', ['swa-lr', 'swa-anneal-epochs', 'swa-anneal', 'swa-every']);
  needs('tta', ['tta-padding', 'tta-merge', 'tta-beta']);
  if (bool('fine-tune')) {
    // fine_tune runs fit twice (frozen, then unfrozen): an average or snapshots would restart at the second
    for (const flag of ['ema', 'swa-start', 'snapshots']) {
      if (given(flag)) throw new RangeError(`dl-train: --${flag} does not apply with --fine-tune (it trains in two fit runs, frozen then unfrozen)`);
    }
  }

  const ema = optReal('ema', str('ema'), (v) => v >= 0 && v <= 1, 'in [0, 1]');
  const emaWarmup = ema === undefined ? undefined : oneOf('ema-warmup', str('ema-warmup'), EMA_WARMUPS, 'none');
  if (emaWarmup === 'debias' && ema === 1) throw new RangeError('dl-train: --ema-warmup debias needs --ema < 1 (the correction divides by 1 - decay^n)');

  const swaStart = optInt('swa-start', str('swa-start'), 1);
  if (swaStart !== undefined && swaStart > run.epochs) throw new RangeError(`dl-train: --swa-start ${swaStart} is past the last epoch (${run.lastEpoch})`);
  if (swaStart !== undefined && run.schedule === 'plateau') {
    throw new RangeError('dl-train: --swa-start sets the rate from its epoch on (SWALR); --schedule plateau would change it too: choose another schedule');
  }

  const snapshots = optInt('snapshots', str('snapshots'), 1);
  if (snapshots !== undefined && swaStart !== undefined) throw new RangeError('dl-train: --snapshots and --swa-start both set the learning rate schedule; give one');

  const ensembleSeeds = optInt('ensemble-seeds', str('ensemble-seeds'), 1);
  if (ensembleSeeds !== undefined) {
    for (const flag of ['ema', 'swa-start', 'snapshots', 'resume']) {
      if (given(flag)) {
        throw new RangeError(
          `dl-train: --ensemble-seeds does not combine with --${flag} (${flag === 'resume' ? 'one checkpoint cannot resume several members' : 'each member would need its own average or snapshots; run them separately'})`,
        );
      }
    }
  }

  const tta = given('tta') ? oneOf('tta', str('tta'), TTA_VIEWS, 'flip') : undefined;
  if (tta === 'flip' && given('tta-padding')) throw new RangeError('dl-train: --tta-padding applies to --tta five-crop and ten-crop, not flip');
  return {
    ema,
    emaEvery: ema === undefined ? undefined : int('ema-every', str('ema-every'), 1, 1),
    emaWarmup,
    swaStart,
    swaLr: swaStart === undefined ? undefined : real('swa-lr', str('swa-lr'), run.lr / 2, positive, 'a positive number'),
    swaAnnealEpochs: swaStart === undefined ? undefined : int('swa-anneal-epochs', str('swa-anneal-epochs'), 1, 0),
    swaAnneal: swaStart === undefined ? undefined : oneOf('swa-anneal', str('swa-anneal'), ['cos', 'linear'] as const, 'cos'),
    swaEvery: swaStart === undefined ? undefined : int('swa-every', str('swa-every'), 1, 1),
    snapshots,
    ensembleSeeds,
    tta,
    ttaPadding: tta === undefined || tta === 'flip' ? undefined : int('tta-padding', str('tta-padding'), 2, 1),
    ttaMerge: tta === undefined ? undefined : oneOf('tta-merge', str('tta-merge'), TTA_MERGES, 'mean'),
    ttaBeta: optReal('tta-beta', str('tta-beta'), (v) => v >= 0 && v <= 1, 'in [0, 1]'),
  };
}
