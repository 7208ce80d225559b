import { describe, expect, it } from 'vitest';
import { describeBackends } from '@dl/core/testing';
import { normal } from '../src/index.js';
import { sampleTests, seedTests } from './helpers.js';

describeBackends('normal', () => {
  sampleTests('normal', normal);
  seedTests('normal', normal, [1000], { mean: 1, std: 0.5 });
});

describe('normal options', () => {
  it('throws on a negative std, a bad mean or a bad shape', () => {
    expect(() => normal([3], { std: -1 })).toThrow(/normal: std must be >= 0, got -1/);
    expect(() => normal([3], { mean: Infinity })).toThrow(/normal: mean must be a finite number/);
    expect(() => normal([2.5])).toThrow(/normal: shape must be an array of non-negative integers/);
    expect(() => normal([3], null as unknown as object)).toThrow(/normal: options must be an object/);
  });
});
