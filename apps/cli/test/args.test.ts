import { describe, expect, it } from 'vitest';
import { PRESETS, parseTrainArgs, USAGE } from '../src/args.js';

describe('parseTrainArgs', () => {
  it('defaults to the cnn preset: the default recipe', () => {
    expect(parseTrainArgs([])).toEqual({
      dataset: 'fashion-mnist',
      backend: 'auto',
      model: 'cnn',
      epochs: 3,
      batchSize: 128,
      optimizer: 'sgd',
      lr: 0.1,
      momentum: 0.9,
      dampening: 0,
      nesterov: true,
      weightDecay: 5e-4,
      schedule: 'one-cycle',
      schedulePer: 'step',
      gamma: undefined,
      stepSize: undefined,
      milestones: undefined,
      decayRate: undefined,
      tau: undefined,
      etaMin: undefined,
      t0: undefined,
      tMult: undefined,
      startFactor: undefined,
      endFactor: undefined,
      power: undefined,
      pctStart: undefined,
      annealStrategy: undefined,
      divFactor: undefined,
      finalDivFactor: undefined,
      threePhase: undefined,
      baseLr: undefined,
      stepSizeUp: undefined,
      stepSizeDown: undefined,
      cyclicMode: undefined,
      cycleMomentum: true,
      baseMomentum: undefined,
      maxMomentum: undefined,
      patience: undefined,
      threshold: undefined,
      cooldown: undefined,
      minLr: undefined,
      warmup: 0,
      warmupFactor: 0.1,
      warmupMode: 'linear',
      augment: ['flip', 'crop'],
      cropPadding: 2,
      paddingMode: 'constant',
      resizedCropScale: [0.5, 1],
      scaleSizes: [28, 32],
      degrees: 10,
      translate: [0.1, 0.1],
      affineScale: [0.9, 1.1],
      shear: 0,
      brightness: 0.2,
      contrast: 0.2,
      k1: 0.2,
      cutoutSize: 8,
      mixAlpha: 0.2,
      labelSmoothing: 0,
      clipGradNorm: undefined,
      gradNormType: undefined,
      clipGradValue: undefined,
      accumulateSteps: 1,
      shuffle: true,
      validation: 0.1,
      earlyStopping: undefined,
      monitor: 'valLoss',
      checkpointDir: undefined,
      checkpointEvery: 1,
      keepLast: 3,
      resume: undefined,
      out: 'reports/dl-train',
      limit: undefined,
      testLimit: undefined,
      seed: 0,
      dataDir: undefined,
      progress: true,
      help: false,
      classes: undefined,
      pretrained: undefined,
      freeze: undefined,
      bnPolicy: undefined,
      layerDecay: undefined,
      lrSlice: undefined,
      fineTune: false,
      freezeEpochs: undefined,
      lrMult: undefined,
      gradualUnfreeze: undefined,
      unfreezeAt: undefined,
      optimizerGiven: false,
      ema: undefined,
      emaEvery: undefined,
      emaWarmup: undefined,
      swaStart: undefined,
      swaLr: undefined,
      swaAnnealEpochs: undefined,
      swaAnneal: undefined,
      swaEvery: undefined,
      snapshots: undefined,
      ensembleSeeds: undefined,
      tta: undefined,
      ttaPadding: undefined,
      ttaMerge: undefined,
      ttaBeta: undefined,
    });
    // Only the chosen optimizer's settings are there.
    const a = parseTrainArgs([]);
    for (const k of ['betas', 'eps', 'amsgrad', 'alpha', 'centered', 'rho', 'lrDecay', 'initialAccumulatorValue', 'momentumDecay', 'decoupledWeightDecay']) {
      expect(a).not.toHaveProperty(k);
    }
  });

  it('keeps the softmax-regression baseline as a preset', () => {
    expect(parseTrainArgs(['--model', 'softmax'])).toMatchObject({ model: 'softmax', epochs: 5, lr: 0.01, momentum: 0.9, nesterov: false, weightDecay: 0, schedule: 'constant', augment: [] });
    expect(parseTrainArgs(['--model', 'mlp'])).toMatchObject(PRESETS.mlp);
  });

  it('reads every option', () => {
    const a = parseTrainArgs(['--dataset', 'mnist', '--backend', 'cpu', '--epochs', '2', '--batch-size', '32', '--lr', '0.5', '--momentum', '0', '--validation', '0', '--limit', '100', '--seed', '7', '--data-dir', '/d', '--no-progress']);
    expect(a).toMatchObject({ dataset: 'mnist', backend: 'cpu', epochs: 2, batchSize: 32, lr: 0.5, momentum: 0, nesterov: false, validation: 0, limit: 100, seed: 7, dataDir: '/d', progress: false });
    expect(parseTrainArgs(['-h']).help).toBe(true);
    const b = parseTrainArgs([
      '--model', 'mlp', '--optimizer', 'adamw', '--weight-decay', '0.05', '--beta1', '0.8', '--beta2', '0.99', '--eps', '1e-6', '--amsgrad',
      '--schedule', 'multi-step', '--schedule-per', 'epoch', '--milestones', '2,4', '--gamma', '0.5', '--warmup', '1', '--warmup-factor', '0.25', '--warmup-mode', 'constant',
      '--augment', 'flip,cutout,mixup', '--cutout-size', '6', '--mix-alpha', '0.4', '--label-smoothing', '0.1',
      '--clip-grad-norm', '1.5', '--grad-norm-type', 'inf', '--clip-grad-value', '3', '--accumulate-steps', '4', '--no-shuffle',
      '--early-stopping', '3', '--monitor', 'valAccuracy', '--checkpoint-dir', '/c', '--checkpoint-every', '2', '--keep-last', '1', '--resume', '/c/last.dlckpt',
      '--out', '/o', '--test-limit', '50',
    ]);
    expect(b).toMatchObject({
      model: 'mlp', optimizer: 'adamw', lr: 1e-3, weightDecay: 0.05, betas: [0.8, 0.99], eps: 1e-6, amsgrad: true,
      schedule: 'multi-step', schedulePer: 'epoch', milestones: [2, 4], gamma: 0.5, warmup: 1, warmupFactor: 0.25, warmupMode: 'constant',
      augment: ['flip', 'cutout', 'mixup'], cutoutSize: 6, mixAlpha: 0.4, labelSmoothing: 0.1,
      clipGradNorm: 1.5, gradNormType: 'inf', clipGradValue: 3, accumulateSteps: 4, shuffle: false,
      earlyStopping: 3, monitor: 'valAccuracy', checkpointDir: '/c', checkpointEvery: 2, keepLast: 1, resume: '/c/last.dlckpt', out: '/o', testLimit: 50,
    });
    expect(b).not.toHaveProperty('momentum');
    expect(parseTrainArgs(['--augment', 'none']).augment).toEqual([]);
    expect(parseTrainArgs(['--step-size', '3', '--schedule', 'step']).stepSize).toBe(3);
    expect(parseTrainArgs(['--crop-padding', '4', '--padding-mode', 'reflect'])).toMatchObject({ cropPadding: 4, paddingMode: 'reflect' });
  });

  it('reads every optimizer option', () => {
    expect(parseTrainArgs(['--momentum', '0.5', '--dampening', '0.1', '--no-nesterov', '--weight-decay', '0'])).toMatchObject({ optimizer: 'sgd', momentum: 0.5, dampening: 0.1, nesterov: false, weightDecay: 0 });
    expect(parseTrainArgs(['--optimizer', 'rmsprop', '--alpha', '0.9', '--momentum', '0.5', '--centered', '--eps', '1e-5'])).toMatchObject({ alpha: 0.9, momentum: 0.5, centered: true, eps: 1e-5 });
    expect(parseTrainArgs(['--optimizer', 'adagrad', '--lr-decay', '0.01', '--initial-accumulator-value', '0.1'])).toMatchObject({ lrDecay: 0.01, initialAccumulatorValue: 0.1 });
    expect(parseTrainArgs(['--optimizer', 'adadelta', '--rho', '0.95'])).toMatchObject({ rho: 0.95 });
    expect(parseTrainArgs(['--optimizer', 'nadam', '--momentum-decay', '0.001', '--decoupled-weight-decay'])).toMatchObject({ momentumDecay: 0.001, decoupledWeightDecay: true });
    expect(parseTrainArgs(['--optimizer', 'radam', '--decoupled-weight-decay', '--weight-decay', '0.1'])).toMatchObject({ decoupledWeightDecay: true, weightDecay: 0.1 });
  });

  it("starts each optimizer from PyTorch's defaults; the preset's own (sgd) keeps the preset's settings", () => {
    const only = (o: object) => Object.fromEntries(Object.entries(o).filter(([k]) => ['lr', 'weightDecay', 'momentum', 'dampening', 'nesterov', 'betas', 'eps', 'amsgrad', 'alpha', 'centered', 'rho', 'lrDecay', 'initialAccumulatorValue', 'momentumDecay', 'decoupledWeightDecay'].includes(k)));
    const opt = (name: string, ...rest: string[]) => only(parseTrainArgs(['--optimizer', name, ...rest]));
    expect(opt('adam')).toEqual({ lr: 1e-3, weightDecay: 0, betas: [0.9, 0.999], eps: 1e-8, amsgrad: false });
    expect(opt('adamw')).toEqual({ lr: 1e-3, weightDecay: 1e-2, betas: [0.9, 0.999], eps: 1e-8, amsgrad: false });
    expect(opt('rmsprop')).toEqual({ lr: 1e-2, weightDecay: 0, alpha: 0.99, eps: 1e-8, momentum: 0, centered: false });
    expect(opt('adagrad')).toEqual({ lr: 1e-2, weightDecay: 0, lrDecay: 0, initialAccumulatorValue: 0, eps: 1e-10 });
    expect(opt('adadelta')).toEqual({ lr: 1, weightDecay: 0, rho: 0.9, eps: 1e-6 });
    expect(opt('adamax')).toEqual({ lr: 2e-3, weightDecay: 0, betas: [0.9, 0.999], eps: 1e-8 });
    expect(opt('nadam')).toEqual({ lr: 2e-3, weightDecay: 0, betas: [0.9, 0.999], eps: 1e-8, momentumDecay: 4e-3, decoupledWeightDecay: false });
    expect(opt('radam')).toEqual({ lr: 1e-3, weightDecay: 0, betas: [0.9, 0.999], eps: 1e-8, decoupledWeightDecay: false });
    // sgd has no default rate in PyTorch 1.13: --optimizer sgd is the preset's SGD.
    expect(opt('sgd')).toEqual({ lr: 0.1, weightDecay: 5e-4, momentum: 0.9, dampening: 0, nesterov: true });
    expect(only(parseTrainArgs(['--model', 'softmax', '--optimizer', 'sgd']))).toEqual({ lr: 0.01, weightDecay: 0, momentum: 0.9, dampening: 0, nesterov: false });
    // --lr and --weight-decay override; the preset's schedule stays (one-cycle then peaks at the optimizer's rate).
    expect(parseTrainArgs(['--optimizer', 'adam', '--lr', '3e-3', '--weight-decay', '1e-4'])).toMatchObject({ lr: 3e-3, weightDecay: 1e-4, schedule: 'one-cycle' });
    expect(parseTrainArgs(['--model', 'softmax', '--optimizer', 'adam'])).toMatchObject({ lr: 1e-3, schedule: 'constant' });
    // Nesterov follows momentum when the preset, not a flag, asked for it.
    expect(parseTrainArgs(['--momentum', '0'])).toMatchObject({ momentum: 0, nesterov: false });
  });

  it('rejects an option the optimizer does not use, naming it', () => {
    const e = (...argv: string[]) => () => parseTrainArgs(argv);
    expect(e('--optimizer', 'adam', '--momentum', '0.9')).toThrow('dl-train: --momentum does not apply to --optimizer adam (it has betas: --beta1/--beta2)');
    expect(e('--optimizer', 'adam', '--nesterov')).toThrow('dl-train: --nesterov does not apply to --optimizer adam (adam takes --lr, --weight-decay, --beta1, --beta2, --eps, --amsgrad)');
    expect(e('--optimizer', 'adamw', '--no-nesterov')).toThrow(/--nesterov does not apply to --optimizer adamw/);
    expect(e('--beta1', '0.8')).toThrow('dl-train: --beta1 does not apply to --optimizer sgd (sgd takes --lr, --weight-decay, --momentum, --dampening, --nesterov)');
    expect(e('--eps', '1e-8')).toThrow(/--eps does not apply to --optimizer sgd/);
    expect(e('--optimizer', 'adagrad', '--momentum', '0.9')).toThrow('dl-train: --momentum does not apply to --optimizer adagrad (adagrad takes --lr, --weight-decay, --lr-decay, --initial-accumulator-value, --eps)');
    expect(e('--optimizer', 'rmsprop', '--rho', '0.9')).toThrow(/--rho does not apply to --optimizer rmsprop \(rmsprop takes --lr, --weight-decay, --alpha, --eps, --momentum, --centered\)/);
    expect(e('--optimizer', 'adamw', '--decoupled-weight-decay')).toThrow(/--decoupled-weight-decay does not apply to --optimizer adamw/);
    expect(e('--optimizer', 'adam', '--alpha', '0.9')).toThrow(/--alpha does not apply to --optimizer adam/);
    expect(e('--optimizer', 'sgd', '--amsgrad')).toThrow(/--amsgrad does not apply to --optimizer sgd/);
    // SGD's own constraints.
    expect(e('--nesterov', '--momentum', '0')).toThrow('dl-train: --nesterov needs --momentum > 0');
    expect(e('--nesterov', '--dampening', '0.1')).toThrow('dl-train: --nesterov needs --dampening 0');
    expect(e('--dampening', '0.1')).toThrow(/--dampening needs --no-nesterov \(the cnn preset's SGD uses Nesterov momentum/);
    expect(e('--optimizer', 'adam', '--beta2', '1')).toThrow("dl-train: --beta2 must be in [0, 1), got '1'");
  });

  it('rejects an option the schedule does not use, naming it', () => {
    const e = (...argv: string[]) => () => parseTrainArgs(argv);
    expect(e('--schedule', 'cosine', '--gamma', '0.5')).toThrow('dl-train: --gamma does not apply to --schedule cosine (it applies to step, multi-step, exponential, cyclic, plateau)');
    expect(e('--schedule', 'step', '--milestones', '2,3')).toThrow('dl-train: --milestones does not apply to --schedule step (it applies to multi-step)');
    expect(e('--step-size', '3')).toThrow("dl-train: --step-size does not apply to --schedule one-cycle (the cnn preset's schedule; it applies to step)");
    expect(e('--model', 'softmax', '--gamma', '0.5')).toThrow(/--gamma does not apply to --schedule constant \(the softmax preset's schedule/);
    expect(e('--schedule', 'constant', '--schedule-per', 'epoch')).toThrow(/--schedule-per does not apply to --schedule constant/);
    expect(e('--schedule', 'plateau', '--warmup', '5')).toThrow(/--warmup does not apply to --schedule plateau/);
    expect(e('--schedule', 'cosine', '--pct-start', '0.2')).toThrow(/--pct-start does not apply to --schedule cosine \(it applies to one-cycle\)/);
    expect(e('--schedule', 'linear', '--eta-min', '0.001')).toThrow(/--eta-min does not apply to --schedule linear \(it applies to cosine, cosine-restarts\)/);
    expect(e('--schedule', 'cosine', '--patience', '2')).toThrow(/--patience does not apply to --schedule cosine \(it applies to plateau\)/);
    expect(e('--schedule', 'cyclic', '--gamma', '0.99')).toThrow('dl-train: --gamma applies to --schedule cyclic only with --cyclic-mode exp-range');
    expect(e('--warmup-factor', '0.5')).toThrow('dl-train: --warmup-factor needs --warmup <n> with n > 0');
    expect(e('--schedule', 'multi-step', '--milestones', '4,2')).toThrow("dl-train: --milestones must be increasing, got '4,2'");
    expect(e('--schedule', 'one-cycle', '--pct-start', '1')).toThrow("dl-train: --pct-start must be in (0, 1), got '1'");
    expect(parseTrainArgs(['--schedule', 'cyclic', '--cyclic-mode', 'exp-range', '--gamma', '0.99', '--base-lr', '0.01', '--step-size-up', '50', '--step-size-down', '100']))
      .toMatchObject({ cyclicMode: 'exp-range', gamma: 0.99, baseLr: 0.01, stepSizeUp: 50, stepSizeDown: 100 });
    expect(parseTrainArgs(['--pct-start', '0.25', '--anneal-strategy', 'linear', '--div-factor', '10', '--final-div-factor', '100', '--three-phase']))
      .toMatchObject({ pctStart: 0.25, annealStrategy: 'linear', divFactor: 10, finalDivFactor: 100, threePhase: true });
    expect(parseTrainArgs(['--schedule', 'plateau', '--patience', '2', '--threshold', '0.01', '--cooldown', '1', '--min-lr', '1e-5', '--gamma', '0.5']))
      .toMatchObject({ patience: 2, threshold: 0.01, cooldown: 1, minLr: 1e-5, gamma: 0.5 });
  });

  it("cycles momentum in one-cycle and cyclic as PyTorch does, where the optimizer has momentum or betas", () => {
    const e = (...argv: string[]) => () => parseTrainArgs(argv);
    expect(parseTrainArgs([]).cycleMomentum).toBe(true);
    expect(parseTrainArgs(['--optimizer', 'adam']).cycleMomentum).toBe(true);
    expect(parseTrainArgs(['--optimizer', 'adagrad']).cycleMomentum).toBe(false);
    expect(parseTrainArgs(['--optimizer', 'rmsprop']).cycleMomentum).toBe(false);
    expect(parseTrainArgs(['--optimizer', 'rmsprop', '--momentum', '0.9']).cycleMomentum).toBe(true);
    expect(parseTrainArgs(['--momentum', '0']).cycleMomentum).toBe(false);
    expect(parseTrainArgs(['--schedule', 'cosine']).cycleMomentum).toBeUndefined();
    expect(parseTrainArgs(['--no-cycle-momentum'])).toMatchObject({ cycleMomentum: false, momentum: 0.9 });
    expect(parseTrainArgs(['--schedule', 'cyclic', '--base-momentum', '0.7', '--max-momentum', '0.95'])).toMatchObject({ cycleMomentum: true, baseMomentum: 0.7, maxMomentum: 0.95 });
    expect(e('--optimizer', 'adagrad', '--cycle-momentum')).toThrow('dl-train: --cycle-momentum needs an optimizer with momentum > 0 or betas (adagrad has neither)');
    expect(e('--momentum', '0', '--cycle-momentum')).toThrow('dl-train: --cycle-momentum needs an optimizer with momentum > 0 or betas (sgd has momentum 0)');
    expect(e('--no-cycle-momentum', '--base-momentum', '0.8')).toThrow('dl-train: --base-momentum needs momentum cycling, which is off (--no-cycle-momentum)');
    expect(e('--optimizer', 'adadelta', '--max-momentum', '0.9')).toThrow('dl-train: --max-momentum needs momentum cycling, which is off (adadelta has no momentum to cycle)');
    expect(e('--schedule', 'cosine', '--cycle-momentum')).toThrow(/--cycle-momentum does not apply to --schedule cosine \(it applies to one-cycle, cyclic\)/);
  });

  it('rejects an option of an augmentation that is not on, naming it', () => {
    const e = (...argv: string[]) => () => parseTrainArgs(argv);
    expect(e('--degrees', '15')).toThrow('dl-train: --degrees does not apply without affine in --augment (the augmentations are flip, crop)');
    expect(e('--model', 'mlp', '--crop-padding', '4')).toThrow('dl-train: --crop-padding does not apply without crop in --augment (the augmentations are none)');
    expect(e('--mix-alpha', '0.4')).toThrow(/--mix-alpha does not apply without mixup or cutmix in --augment/);
    expect(e('--augment', 'mixup,cutmix')).toThrow('dl-train: --augment takes mixup or cutmix, not both');
    expect(e('--augment', 'flip,flip')).toThrow('dl-train: --augment lists flip twice');
    expect(e('--grad-norm-type', '1')).toThrow('dl-train: --grad-norm-type needs --clip-grad-norm');
    expect(parseTrainArgs(['--augment', 'vflip,affine,jitter,lens,resized-crop,scale', '--degrees', '15', '--translate', '0.2,0.1', '--affine-scale', '0.8,1.2', '--shear', '5',
      '--brightness', '0.4', '--contrast', '0.3', '--k1', '0.1', '--resized-crop-scale', '0.6,1', '--scale-sizes', '28,36']))
      .toMatchObject({ augment: ['vflip', 'affine', 'jitter', 'lens', 'resized-crop', 'scale'], degrees: 15, translate: [0.2, 0.1], affineScale: [0.8, 1.2], shear: 5,
        brightness: 0.4, contrast: 0.3, k1: 0.1, resizedCropScale: [0.6, 1], scaleSizes: [28, 36] });
    expect(e('--augment', 'scale', '--scale-sizes', '20,30')).toThrow("dl-train: --scale-sizes must be two numbers a,b with integers 28 <= a <= b, got '20,30'");
  });

  it('names the option in every error', () => {
    expect(() => parseTrainArgs(['--epochs', '0'])).toThrow("dl-train: --epochs must be an integer >= 1, got '0'");
    expect(() => parseTrainArgs(['--lr=-1'])).toThrow("dl-train: --lr must be a positive number, got '-1'");
    expect(() => parseTrainArgs(['--momentum', '1'])).toThrow("dl-train: --momentum must be in [0, 1), got '1'");
    expect(() => parseTrainArgs(['--backend', 'cuda'])).toThrow(/--backend must be one of auto, cpu, wasm, webgl, webgpu, tensorflow, got 'cuda'/);
    expect(() => parseTrainArgs(['--dataset', 'cifar'])).toThrow("dl-train: --dataset must be fashion-mnist or mnist, got 'cifar'");
    expect(() => parseTrainArgs(['--bogus'])).toThrow(/dl-train: Unknown option '--bogus'/);
    expect(() => parseTrainArgs(['--model', 'resnet'])).toThrow("dl-train: --model must be one of cnn, mlp, softmax, mnist-transfer, got 'resnet'");
    expect(() => parseTrainArgs(['--optimizer', 'lbfgs'])).toThrow(/dl-train: --optimizer must be one of sgd, adam/);
    expect(() => parseTrainArgs(['--schedule', 'magic'])).toThrow(/dl-train: --schedule must be one of one-cycle/);
    expect(() => parseTrainArgs(['--augment', 'flip,rotate'])).toThrow(/dl-train: --augment must be one of flip, vflip, crop/);
    expect(() => parseTrainArgs(['--clip-grad-norm', '0'])).toThrow("dl-train: --clip-grad-norm must be a positive number, got '0'");
    expect(() => parseTrainArgs(['--accumulate-steps', '0'])).toThrow("dl-train: --accumulate-steps must be an integer >= 1, got '0'");
    expect(() => parseTrainArgs(['--validation', '1'])).toThrow("dl-train: --validation must be in [0, 1), got '1'");
    expect(() => parseTrainArgs(['--batch-size', '0'])).toThrow("dl-train: --batch-size must be an integer >= 1, got '0'");
  });

  it('transfer flags (issue 13): the Keras mnist-transfer preset, classes, pretrained, freeze, bn policy, rates per block, fine-tune, gradual unfreezing', () => {
    expect(parseTrainArgs(['--model', 'mnist-transfer'])).toMatchObject({ optimizer: 'adadelta', lr: 1, rho: 0.95, eps: 1e-7, epochs: 5, batchSize: 128, schedule: 'constant', augment: [] });
    expect(parseTrainArgs(['--model', 'mnist-transfer'])).not.toHaveProperty('momentum');
    expect(parseTrainArgs(['--classes', '5-9']).classes).toEqual([5, 6, 7, 8, 9]);
    expect(parseTrainArgs(['--classes', '3,1']).classes).toEqual([3, 1]);
    expect(parseTrainArgs(['--freeze', '7', '--bn-policy', 'eval'])).toMatchObject({ freeze: 7, bnPolicy: 'eval' });
    expect(parseTrainArgs(['--freeze', '0,1']).freeze).toEqual(['0', '1']);
    expect(parseTrainArgs(['--layer-decay', '0.75']).layerDecay).toBe(0.75);
    expect(parseTrainArgs(['--lr-slice', '1e-5:1e-3'])).toMatchObject({ lrSlice: { lo: 1e-5, hi: 1e-3 }, lr: 1e-3 });
    expect(parseTrainArgs(['--fine-tune'])).toMatchObject({ fineTune: true, lr: 2e-3, weightDecay: 0.01, optimizerGiven: false });
    expect(parseTrainArgs(['--fine-tune', '--freeze-epochs', '2', '--lr-mult', '10'])).toMatchObject({ freezeEpochs: 2, lrMult: 10 });
    expect(parseTrainArgs(['--gradual-unfreeze', 'backbone', '--unfreeze-at', '2'])).toMatchObject({ gradualUnfreeze: 'backbone', unfreezeAt: 2 });
    expect(parseTrainArgs(['--pretrained', '/p.dlckpt']).pretrained).toBe('/p.dlckpt');
    expect(parseTrainArgs(['--pretrained', 'zoo:fashion-cnn']).pretrained).toBe('zoo:fashion-cnn');
    expect(() => parseTrainArgs(['--pretrained', 'zoo:fashion-cnm'])).toThrow("dl-train: --pretrained zoo:fashion-cnm: @dl/zoo has no model 'fashion-cnm'; it has zoo:fashion-cnn, zoo:mnist-cnn, zoo:fashion-0-4, zoo:fashion-5-9");
    const bad = (argv: string[], msg: string | RegExp) => expect(() => parseTrainArgs(argv)).toThrow(msg);
    bad(['--classes', '5'], "dl-train: --classes must be a range a-b or a list of at least two distinct class ids 0..9, got '5'");
    bad(['--classes', '8-12'], /--classes must be a range/);
    bad(['--bn-policy', 'eval'], 'dl-train: --bn-policy needs --freeze, --fine-tune or --gradual-unfreeze (it is the policy of the frozen batch norms)');
    bad(['--freeze', '2', '--bn-policy', 'frozen'], "dl-train: --bn-policy must be one of train, frozen-affine, eval, got 'frozen'");
    bad(['--layer-decay', '0.7', '--lr-slice', '1e-3'], 'dl-train: --layer-decay and --lr-slice are two ways to set rates per block; give one');
    bad(['--lr-slice', '1e-3', '--lr', '0.1'], "dl-train: --lr-slice sets the learning rate (the head's is HI); leave out --lr");
    bad(['--lr-slice', '1e-2:1e-3'], "dl-train: --lr-slice must be HI or LO:HI with 0 < LO <= HI, got '1e-2:1e-3'");
    bad(['--layer-decay', '1.5'], "dl-train: --layer-decay must be in (0, 1], got '1.5'");
    bad(['--fine-tune', '--freeze', '3'], /--freeze does not apply with --fine-tune/);
    bad(['--fine-tune', '--schedule', 'cosine'], /--schedule does not apply with --fine-tune/);
    bad(['--lr-mult', '10'], 'dl-train: --lr-mult needs --fine-tune');
    bad(['--gradual-unfreeze', 'ulmfit', '--freeze', '3'], 'dl-train: --gradual-unfreeze freezes all but the head itself; leave out --freeze');
    bad(['--gradual-unfreeze', 'ulmfit', '--unfreeze-at', '3'], 'dl-train: --unfreeze-at needs --gradual-unfreeze backbone');
    bad(['--gradual-unfreeze', 'slowly'], "dl-train: --gradual-unfreeze must be one of ulmfit, backbone, got 'slowly'");
  });

  it('ensemble and weight-averaging flags (issue 15): EMA, SWA, snapshots, seeds, TTA; defaults in effect once a variant is on', () => {
    expect(parseTrainArgs(['--ema', '0.99'])).toMatchObject({ ema: 0.99, emaEvery: 1, emaWarmup: 'none' });
    expect(parseTrainArgs(['--ema', '0', '--ema-every', '4', '--ema-warmup', 'timm'])).toMatchObject({ ema: 0, emaEvery: 4, emaWarmup: 'timm' });
    expect(parseTrainArgs(['--ema', '1']).ema).toBe(1);
    // SWA: the rate defaults to --lr / 2 (torch.optim.swa_utils' example), one annealing epoch
    expect(parseTrainArgs(['--model', 'mlp', '--swa-start', '5'])).toMatchObject({ swaStart: 5, swaLr: 0.05, swaAnnealEpochs: 1, swaAnneal: 'cos', swaEvery: 1 });
    expect(parseTrainArgs(['--model', 'mlp', '--epochs', '8', '--swa-start', '3', '--swa-lr', '0.02', '--swa-anneal-epochs', '0', '--swa-anneal', 'linear', '--swa-every', '2'])).toMatchObject({
      swaStart: 3, swaLr: 0.02, swaAnnealEpochs: 0, swaAnneal: 'linear', swaEvery: 2,
    });
    // snapshots: the callback sets the schedule; the optimizer starts from the constant --lr, momentum not cycled
    expect(parseTrainArgs(['--model', 'mlp', '--snapshots', '3'])).toMatchObject({ snapshots: 3, schedule: 'constant', cycleMomentum: undefined, warmup: 0, lr: 0.1 });
    expect(parseTrainArgs(['--ensemble-seeds', '3', '--seed', '7'])).toMatchObject({ ensembleSeeds: 3, seed: 7 });
    expect(parseTrainArgs(['--tta', 'flip'])).toMatchObject({ tta: 'flip', ttaPadding: undefined, ttaMerge: 'mean', ttaBeta: undefined });
    expect(parseTrainArgs(['--tta', 'ten-crop'])).toMatchObject({ tta: 'ten-crop', ttaPadding: 2, ttaMerge: 'mean' });
    expect(parseTrainArgs(['--tta', 'five-crop', '--tta-padding', '4', '--tta-merge', 'gmean', '--tta-beta', '0.25'])).toMatchObject({ tta: 'five-crop', ttaPadding: 4, ttaMerge: 'gmean', ttaBeta: 0.25 });
    // EMA, SWA and TTA combine; seeds combine with TTA
    expect(parseTrainArgs(['--model', 'mlp', '--ema', '0.9', '--swa-start', '2', '--tta', 'flip'])).toMatchObject({ ema: 0.9, swaStart: 2, tta: 'flip' });
    expect(parseTrainArgs(['--ensemble-seeds', '2', '--tta', 'flip'])).toMatchObject({ ensembleSeeds: 2, tta: 'flip' });
  });

  it('rejects bad ensemble and weight-averaging flags naming the flag (issue 15)', () => {
    const bad = (argv: string[], msg: string | RegExp) => expect(() => parseTrainArgs(argv)).toThrow(msg);
    bad(['--ema', '1.5'], "dl-train: --ema must be in [0, 1], got '1.5'");
    bad(['--ema=-0.1'], "dl-train: --ema must be in [0, 1], got '-0.1'");
    bad(['--ema', 'x'], "dl-train: --ema must be in [0, 1], got 'x'");
    bad(['--ema', '0.9', '--ema-every', '0'], "dl-train: --ema-every must be an integer >= 1, got '0'");
    bad(['--ema', '0.9', '--ema-warmup', 'slow'], "dl-train: --ema-warmup must be one of none, tf, timm, debias, got 'slow'");
    bad(['--ema', '1', '--ema-warmup', 'debias'], 'dl-train: --ema-warmup debias needs --ema < 1 (the correction divides by 1 - decay^n)');
    bad(['--ema-every', '2'], 'dl-train: --ema-every needs --ema');
    bad(['--model', 'mlp', '--swa-start', '6'], "dl-train: --swa-start 6 is past the last epoch (the mlp preset's 5 epochs)");
    bad(['--epochs', '3', '--swa-start', '4'], 'dl-train: --swa-start 4 is past the last epoch (--epochs 3)');
    bad(['--swa-start', '0'], "dl-train: --swa-start must be an integer >= 1, got '0'");
    bad(['--swa-lr', '0.01'], 'dl-train: --swa-lr needs --swa-start');
    bad(['--swa-anneal', 'cos'], 'dl-train: --swa-anneal needs --swa-start');
    bad(['--swa-start', '1', '--swa-lr', '0'], "dl-train: --swa-lr must be a positive number, got '0'");
    bad(['--swa-start', '1', '--swa-anneal', 'exp'], "dl-train: --swa-anneal must be one of cos, linear, got 'exp'");
    bad(['--swa-start', '1', '--schedule', 'plateau'], /--swa-start sets the rate from its epoch on \(SWALR\); --schedule plateau would change it too/);
    bad(['--snapshots', '0'], "dl-train: --snapshots must be an integer >= 1, got '0'");
    bad(['--snapshots', '3', '--schedule', 'cosine'], 'dl-train: --snapshots sets the schedule (cosine from --lr, restarted at each of its cycles: Huang et al. 2017); leave out --schedule');
    bad(['--snapshots', '3', '--pct-start', '0.2'], /--snapshots sets the schedule .*; leave out --pct-start/);
    bad(['--snapshots', '3', '--warmup', '10'], /--snapshots sets the schedule .*; leave out --warmup/);
    bad(['--snapshots', '2', '--swa-start', '1'], 'dl-train: --snapshots and --swa-start both set the learning rate schedule; give one');
    bad(['--ensemble-seeds', '0'], "dl-train: --ensemble-seeds must be an integer >= 1, got '0'");
    bad(['--ensemble-seeds', '2', '--ema', '0.9'], /--ensemble-seeds does not combine with --ema/);
    bad(['--ensemble-seeds', '2', '--snapshots', '2'], /--ensemble-seeds does not combine with --snapshots/);
    bad(['--ensemble-seeds', '2', '--resume', '/c/last.dlckpt'], /--ensemble-seeds does not combine with --resume \(one checkpoint cannot resume several members\)/);
    bad(['--tta', 'crop'], "dl-train: --tta must be one of flip, five-crop, ten-crop, got 'crop'");
    bad(['--tta', 'flip', '--tta-padding', '2'], 'dl-train: --tta-padding applies to --tta five-crop and ten-crop, not flip');
    bad(['--tta', 'ten-crop', '--tta-padding', '0'], "dl-train: --tta-padding must be an integer >= 1, got '0'");
    bad(['--tta', 'flip', '--tta-merge', 'median'], "dl-train: --tta-merge must be one of mean, gmean, vote, max, tsharpen, got 'median'");
    bad(['--tta', 'flip', '--tta-beta', '2'], "dl-train: --tta-beta must be in [0, 1], got '2'");
    bad(['--tta-merge', 'vote'], 'dl-train: --tta-merge needs --tta');
    bad(['--fine-tune', '--ema', '0.9'], 'dl-train: --ema does not apply with --fine-tune (it trains in two fit runs, frozen then unfrozen)');
    bad(['--fine-tune', '--snapshots', '2'], /--snapshots does not apply with --fine-tune/);
  });

  it('documents every ensemble and weight-averaging flag in the help', () => {
    for (const flag of ['ema', 'ema-every', 'ema-warmup', 'swa-start', 'swa-lr', 'swa-anneal-epochs', 'swa-anneal', 'swa-every', 'snapshots', 'ensemble-seeds', 'tta', 'tta-padding', 'tta-merge', 'tta-beta']) {
      expect(USAGE).toMatch(new RegExp(`\\n  --${flag} <`));
    }
  });
});
