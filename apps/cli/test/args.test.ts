import { describe, expect, it } from 'vitest';
import { parseTrainArgs } from '../src/args.js';

describe('parseTrainArgs', () => {
  it('has defaults a new user can run with', () => {
    expect(parseTrainArgs([])).toEqual({
      dataset: 'fashion-mnist',
      backend: 'auto',
      epochs: 5,
      batchSize: 128,
      lr: 0.01,
      momentum: 0.9,
      validation: 0.1,
      limit: undefined,
      seed: 0,
      dataDir: undefined,
      progress: true,
      help: false,
    });
  });

  it('reads every option', () => {
    const a = parseTrainArgs(['--dataset', 'mnist', '--backend', 'cpu', '--epochs', '2', '--batch-size', '32', '--lr', '0.5', '--momentum', '0', '--validation', '0', '--limit', '100', '--seed', '7', '--data-dir', '/d', '--no-progress']);
    expect(a).toMatchObject({ dataset: 'mnist', backend: 'cpu', epochs: 2, batchSize: 32, lr: 0.5, momentum: 0, validation: 0, limit: 100, seed: 7, dataDir: '/d', progress: false });
    expect(parseTrainArgs(['-h']).help).toBe(true);
  });

  it('names the option in every error', () => {
    expect(() => parseTrainArgs(['--epochs', '0'])).toThrow("dl-train: --epochs must be an integer >= 1, got '0'");
    expect(() => parseTrainArgs(['--lr=-1'])).toThrow("dl-train: --lr must be a positive number, got '-1'");
    expect(() => parseTrainArgs(['--momentum', '1'])).toThrow("dl-train: --momentum must be in [0, 1), got '1'");
    expect(() => parseTrainArgs(['--backend', 'cuda'])).toThrow(/--backend must be one of auto, cpu, wasm, webgl, webgpu, tensorflow, got 'cuda'/);
    expect(() => parseTrainArgs(['--dataset', 'cifar'])).toThrow("dl-train: --dataset must be fashion-mnist or mnist, got 'cifar'");
    expect(() => parseTrainArgs(['--bogus'])).toThrow(/dl-train: Unknown option '--bogus'/);
  });
});
