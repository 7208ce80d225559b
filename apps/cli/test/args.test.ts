import { describe, expect, it } from 'vitest';
import { PRESETS, parseTrainArgs } from '../src/args.js';

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
      nesterov: true,
      weightDecay: 5e-4,
      schedule: 'one-cycle',
      schedulePer: 'step',
      gamma: undefined,
      stepSize: undefined,
      milestones: undefined,
      warmup: 0,
      augment: ['flip', 'crop'],
      cropPadding: 2,
      mixAlpha: 0.2,
      labelSmoothing: 0,
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
    });
  });

  it('keeps the softmax-regression baseline as a preset', () => {
    expect(parseTrainArgs(['--model', 'softmax'])).toMatchObject({ model: 'softmax', epochs: 5, lr: 0.01, momentum: 0.9, nesterov: false, weightDecay: 0, schedule: 'constant', augment: [] });
    expect(parseTrainArgs(['--model', 'mlp'])).toMatchObject(PRESETS.mlp);
  });

  it('reads every option', () => {
    const a = parseTrainArgs(['--dataset', 'mnist', '--backend', 'cpu', '--epochs', '2', '--batch-size', '32', '--lr', '0.5', '--momentum', '0', '--validation', '0', '--limit', '100', '--seed', '7', '--data-dir', '/d', '--no-progress']);
    expect(a).toMatchObject({ dataset: 'mnist', backend: 'cpu', epochs: 2, batchSize: 32, lr: 0.5, momentum: 0, validation: 0, limit: 100, seed: 7, dataDir: '/d', progress: false });
    expect(parseTrainArgs(['-h']).help).toBe(true);
    const b = parseTrainArgs([
      '--model', 'mlp', '--optimizer', 'adamw', '--weight-decay', '0.01', '--no-nesterov', '--schedule', 'multi-step', '--schedule-per', 'epoch',
      '--milestones', '2,4', '--gamma', '0.5', '--warmup', '10', '--augment', 'flip,cutout,mixup', '--mix-alpha', '0.4', '--label-smoothing', '0.1',
      '--early-stopping', '3', '--monitor', 'valAccuracy', '--checkpoint-dir', '/c', '--checkpoint-every', '2', '--keep-last', '1', '--resume', '/c/last.dlckpt',
      '--out', '/o', '--test-limit', '50', '--step-size', '3', '--crop-padding', '4',
    ]);
    expect(b).toMatchObject({
      model: 'mlp', optimizer: 'adamw', weightDecay: 0.01, nesterov: false, schedule: 'multi-step', schedulePer: 'epoch', milestones: [2, 4], gamma: 0.5, warmup: 10,
      augment: ['flip', 'cutout', 'mixup'], mixAlpha: 0.4, labelSmoothing: 0.1, earlyStopping: 3, monitor: 'valAccuracy', checkpointDir: '/c', checkpointEvery: 2,
      keepLast: 1, resume: '/c/last.dlckpt', out: '/o', testLimit: 50, stepSize: 3, cropPadding: 4,
    });
    expect(parseTrainArgs(['--augment', 'none']).augment).toEqual([]);
  });

  it('names the option in every error', () => {
    expect(() => parseTrainArgs(['--epochs', '0'])).toThrow("dl-train: --epochs must be an integer >= 1, got '0'");
    expect(() => parseTrainArgs(['--lr=-1'])).toThrow("dl-train: --lr must be a positive number, got '-1'");
    expect(() => parseTrainArgs(['--momentum', '1'])).toThrow("dl-train: --momentum must be in [0, 1), got '1'");
    expect(() => parseTrainArgs(['--backend', 'cuda'])).toThrow(/--backend must be one of auto, cpu, wasm, webgl, webgpu, tensorflow, got 'cuda'/);
    expect(() => parseTrainArgs(['--dataset', 'cifar'])).toThrow("dl-train: --dataset must be fashion-mnist or mnist, got 'cifar'");
    expect(() => parseTrainArgs(['--bogus'])).toThrow(/dl-train: Unknown option '--bogus'/);
    expect(() => parseTrainArgs(['--model', 'resnet'])).toThrow("dl-train: --model must be one of cnn, mlp, softmax, got 'resnet'");
    expect(() => parseTrainArgs(['--optimizer', 'lbfgs'])).toThrow(/dl-train: --optimizer must be one of sgd, adam/);
    expect(() => parseTrainArgs(['--schedule', 'magic'])).toThrow(/dl-train: --schedule must be one of one-cycle/);
    expect(() => parseTrainArgs(['--augment', 'flip,rotate'])).toThrow(/dl-train: --augment must be one of flip, crop/);
    expect(() => parseTrainArgs(['--validation', '1'])).toThrow("dl-train: --validation must be in [0, 1), got '1'");
    expect(() => parseTrainArgs(['--batch-size', '0'])).toThrow("dl-train: --batch-size must be an integer >= 1, got '0'");
  });
});
